package org.sndfuse.aloop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.sndfuse.abi.pcm.MmapControl;
import org.sndfuse.abi.pcm.MmapStatus;
import org.sndfuse.abi.pcm.PcmState;

/**
 * The status and control pages of one substream (runtime->status, runtime->control) as its clients map them
 * (docs/mmap.md "Status and control pages"). The runtime's fields stay the model's working copy; the pages are
 * what a client sees and writes without a system call:
 * <ul>
 * <li>{@link #pull} takes appl_ptr and avail_min from the control page when the cable lock is taken, since the
 * kernel reads runtime->control wherever it needs them and a client moves them with plain stores;</li>
 * <li>{@link #push} writes state, hw_ptr and the timestamps into the status page when the cable lock is let go,
 * and appl_ptr/avail_min into the control page only if the model changed them (PREPARE, a write, REWIND...),
 * so a store a client made meanwhile is not overwritten with an older value.</li>
 * </ul>
 * The control page is client memory: a value beyond the boundary is taken modulo the boundary and an avail_min
 * of 0 as 1, so no client store can push the model outside its ranges (the kernel takes them as they are).
 *
 * <p>Lock: the cable lock of the substream (LoopbackCable runs pull and push from its lock's hooks).
 */
final class PcmMmapPages {
    /** PAGE_ALIGN(sizeof(struct snd_pcm_mmap_status)) = PAGE_ALIGN(sizeof(struct snd_pcm_mmap_control)). */
    static final int PAGE_BYTES = 4096;
    private static final long NS_PER_SEC = 1_000_000_000L;

    private final PcmDmaBuffer statusPage;
    private final PcmDmaBuffer controlPage;
    private final ByteBuffer status;
    private final ByteBuffer control;
    /** What the model last knew of the control page: a push writes only what changed since. */
    private long seenAppl;
    private long seenAvailMin;

    PcmMmapPages(PcmDmaBuffer statusPage, PcmDmaBuffer controlPage, PcmRuntime rt) {
        this.statusPage = statusPage;
        this.controlPage = controlPage;
        this.status = statusPage.area().duplicate().order(ByteOrder.nativeOrder());
        this.control = controlPage.area().duplicate().order(ByteOrder.nativeOrder());
        writeControl(rt.applPtr, rt.availMin);
        push(rt);
    }

    PcmDmaBuffer statusPage() {
        return statusPage;
    }

    PcmDmaBuffer controlPage() {
        return controlPage;
    }

    /** The lock was taken: the model takes what a client stored in the control page. */
    void pull(PcmRuntime rt) {
        long appl = control.getLong(MmapControl.OFF_APPL_PTR);
        long availMin = control.getLong(MmapControl.OFF_AVAIL_MIN);
        if (appl != seenAppl) {
            seenAppl = appl;
            if (rt.state != PcmState.OPEN && rt.boundary > 0) {
                rt.applPtr = Long.remainderUnsigned(appl, rt.boundary);
            }
        }
        if (availMin != seenAvailMin) {
            seenAvailMin = availMin;
            rt.availMin = availMin == 0 ? 1 : availMin;
        }
    }

    /** The lock is let go: the status page shows the model; the control page gets what the model moved. */
    void push(PcmRuntime rt) {
        if (rt.applPtr != seenAppl || rt.availMin != seenAvailMin) {
            writeControl(rt.applPtr, rt.availMin);
        }
        status.putLong(MmapStatus.OFF_HW_PTR, rt.hwPtr);
        status.putLong(MmapStatus.OFF_TSTAMP_SEC, rt.tstampNanos / NS_PER_SEC);
        status.putLong(MmapStatus.OFF_TSTAMP_NSEC, rt.tstampNanos % NS_PER_SEC);
        status.putLong(MmapStatus.OFF_AUDIO_TSTAMP_SEC, rt.audioTstampNanos / NS_PER_SEC);
        status.putLong(MmapStatus.OFF_AUDIO_TSTAMP_NSEC, rt.audioTstampNanos % NS_PER_SEC);
        status.putInt(MmapStatus.OFF_SUSPENDED_STATE, 0); // the loopback never suspends
        status.putInt(MmapStatus.OFF_STATE, rt.state);
    }

    private void writeControl(long appl, long availMin) {
        control.putLong(MmapControl.OFF_APPL_PTR, appl);
        control.putLong(MmapControl.OFF_AVAIL_MIN, availMin);
        seenAppl = appl;
        seenAvailMin = availMin;
    }

    /** At the substream's release: the memory goes back to its allocator. */
    void free() {
        statusPage.free();
        controlPage.free();
    }
}
