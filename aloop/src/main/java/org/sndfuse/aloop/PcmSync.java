package org.sndfuse.aloop;

import org.sndfuse.abi.pcm.MmapControl;
import org.sndfuse.abi.pcm.MmapStatus;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.abi.pcm.PcmStatus;
import org.sndfuse.abi.pcm.SwParams;
import org.sndfuse.abi.pcm.SyncPtr;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * The pointer requests of sound/core/pcm_native.c: STATUS / STATUS_EXT (snd_pcm_status64), DELAY, HWSYNC
 * (do_pcm_hwsync), SYNC_PTR (snd_pcm_sync_ptr — what alsa-lib uses instead of the mmapped status and control
 * pages) and REWIND / FORWARD.
 *
 * <p>Lock: every method runs with the cable lock held (asserted).
 */
final class PcmSync {
    /** SNDRV_PCM_AUDIO_TSTAMP_TYPE_*: what STATUS_EXT may request. */
    static final int AUDIO_TSTAMP_COMPAT = 0, AUDIO_TSTAMP_DEFAULT = 1;
    private static final long NS_PER_SEC = 1_000_000_000L;

    private final PcmSubstream s;
    private final PcmRuntime rt;
    private final LoopbackCable cable;

    PcmSync(PcmSubstream s) {
        this.s = s;
        this.rt = s.rt;
        this.cable = s.cable;
    }

    /**
     * snd_pcm_status64(): {@code audioTstampData} (STATUS_EXT's request; 0 for STATUS) selects the audio
     * timestamp type. Reading resets avail_max, as the kernel does.
     */
    PcmStatus status(int audioTstampData) {
        cable.assertLocked();
        int requested = audioTstampData & 0xf;
        boolean reportValid = requested != AUDIO_TSTAMP_COMPAT;
        if (rt.state == PcmState.OPEN) {
            return new PcmStatus(rt.state, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, audioTstampData, 0, 0, 0, 0, 0);
        }
        long tstamp = 0;
        long audio = 0;
        long driver = 0;
        int data = audioTstampData;
        if (rt.running()) {
            cable.syncPositions();
            if (rt.tstampMode == SwParams.TSTAMP_ENABLE) {
                tstamp = rt.tstampNanos;
                driver = rt.tstampNanos;
                audio = rt.audioTstampNanos;
                if (reportValid) {
                    // accuracy_report 0, actual type DEFAULT, valid 1 in the upper half-word.
                    data = (data & 0xffff) | (((AUDIO_TSTAMP_DEFAULT << 1) | 1) << 16);
                }
            }
        } else if (rt.tstampMode == SwParams.TSTAMP_ENABLE) {
            tstamp = s.lib.tstampNow();
        }
        long avail = rt.avail();
        long delay = rt.running() ? rt.delay() : 0;
        long availMax = rt.availMax;
        rt.availMax = 0;
        return new PcmStatus(rt.state, rt.triggerNanos / NS_PER_SEC, rt.triggerNanos % NS_PER_SEC,
                tstamp / NS_PER_SEC, tstamp % NS_PER_SEC, rt.applPtr, rt.hwPtr, delay, avail, availMax, 0, 0,
                data, audio / NS_PER_SEC, audio % NS_PER_SEC, driver / NS_PER_SEC, driver % NS_PER_SEC, 0);
    }

    /** snd_pcm_delay(): frames queued (playback) or readable (capture), after a hwsync. */
    long delay() {
        hwsync();
        return rt.delay();
    }

    /** do_pcm_hwsync(): brings the hardware pointer up to date; EPIPE in XRUN, EBADFD where no pointer moves. */
    void hwsync() {
        cable.assertLocked();
        switch (rt.state) {
            case PcmState.DRAINING:
                if (!rt.isPlayback()) {
                    throw new SndException(Errno.EBADFD, "capture is draining");
                }
                syncChecked();
                return;
            case PcmState.RUNNING:
                syncChecked();
                return;
            case PcmState.PREPARED:
            case PcmState.PAUSED:
                return;
            case PcmState.SUSPENDED:
                throw new SndException(Errno.ESTRPIPE, "suspended");
            case PcmState.XRUN:
                throw new SndException(Errno.EPIPE, "xrun");
            default:
                throw new SndException(Errno.EBADFD, "no pointer in state " + PcmState.name(rt.state));
        }
    }

    /** A pointer update that reports an xrun (or the end of a drain) it caused as EPIPE. */
    private void syncChecked() {
        int before = rt.state;
        cable.syncPositions();
        if (rt.state != before && (rt.state == PcmState.XRUN || rt.state == PcmState.SETUP)) {
            throw new SndException(Errno.EPIPE, "stream stopped during the pointer update");
        }
    }

    /**
     * snd_pcm_sync_ptr(): optional hwsync; appl_ptr and avail_min are taken from the caller unless the APPL /
     * AVAIL_MIN flags ask to read them back; the status and control are returned.
     */
    SyncPtr syncPtr(SyncPtr in) {
        cable.assertLocked();
        if ((in.flags() & SyncPtr.FLAG_HWSYNC) != 0) {
            hwsync();
        }
        if ((in.flags() & SyncPtr.FLAG_APPL) == 0) {
            rt.setApplPtr(in.control().applPtr());
        }
        if ((in.flags() & SyncPtr.FLAG_AVAIL_MIN) == 0) {
            rt.availMin = in.control().availMin();
        }
        return new SyncPtr(in.flags(), mmapStatus(), new MmapControl(rt.applPtr, rt.availMin));
    }

    /** The status page's content. */
    MmapStatus mmapStatus() {
        cable.assertLocked();
        return new MmapStatus(rt.state, rt.hwPtr, rt.tstampNanos / NS_PER_SEC, rt.tstampNanos % NS_PER_SEC, 0,
                rt.audioTstampNanos / NS_PER_SEC, rt.audioTstampNanos % NS_PER_SEC);
    }

    /** snd_pcm_rewind(): moves appl_ptr back by up to {@code frames} (unsigned); returns the frames moved. */
    long rewind(long frames) {
        cable.assertLocked();
        if (frames == 0) {
            return 0;
        }
        hwsync();
        long n = clamp(frames, rt.hwAvail());
        rt.applPtr = rt.subPtr(rt.applPtr, n);
        return n;
    }

    /** snd_pcm_forward(): moves appl_ptr on by up to {@code frames} (unsigned), at most avail. */
    long forward(long frames) {
        cable.assertLocked();
        if (frames == 0) {
            return 0;
        }
        hwsync();
        long n = clamp(frames, rt.avail());
        rt.applPtr = rt.addPtr(rt.applPtr, n);
        return n;
    }

    private static long clamp(long frames, long room) {
        if (room <= 0) {
            return 0;
        }
        return Long.compareUnsigned(frames, room) > 0 ? room : frames;
    }
}
