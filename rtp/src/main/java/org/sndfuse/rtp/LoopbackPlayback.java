package org.sndfuse.rtp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.sndfuse.abi.control.ControlIoctl;
import org.sndfuse.abi.pcm.HwParams;
import org.sndfuse.abi.pcm.PcmAccess;
import org.sndfuse.abi.pcm.PcmInfo;
import org.sndfuse.abi.pcm.PcmInterval;
import org.sndfuse.abi.pcm.PcmIoctl;
import org.sndfuse.abi.pcm.PcmMask;
import org.sndfuse.abi.pcm.PcmParam;
import org.sndfuse.abi.pcm.SwParams;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * The playback end of one loopback cable, opened the way any program does: PCM_PREFER_SUBDEVICE on
 * {@code controlC0} picks substream N for this process's next open, then HW_PARAMS (RW interleaved, the
 * format, rate, channels, period and buffer size), SW_PARAMS (start at the first period, avail_min one
 * period, no underrun stop), PREPARE, and plain write() of whole periods. An underrun (EPIPE) is counted by the caller and
 * recovered with PREPARE.
 */
public final class LoopbackPlayback implements AutoCloseable {
    private final DeviceFile pcm;
    private final int subdevice;
    private final int frameBytes;

    private LoopbackPlayback(DeviceFile pcm, int subdevice, int frameBytes) {
        this.pcm = pcm;
        this.subdevice = subdevice;
        this.frameBytes = frameBytes;
    }

    /** Opens {@code snd/pcmC0D<device>p} substream {@code substream} under {@code mount} and prepares it. */
    public static LoopbackPlayback open(String mount, int device, int substream, RtpFormat f, int period,
                                        int periods) {
        DeviceFile pcm;
        try (DeviceFile ctl = DeviceFile.open(mount + "/snd/controlC0", LibC.O_RDWR)) {
            byte[] sub = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(substream).array();
            ctl.ioctl(ControlIoctl.PCM_PREFER_SUBDEVICE, sub);
            pcm = DeviceFile.open(mount + "/snd/pcmC0D" + device + "p", LibC.O_RDWR);
        }
        try {
            int got = PcmInfo.decode(pcm.ioctl(PcmIoctl.INFO, new byte[PcmInfo.SIZE])).subdevice();
            if (got != substream) {
                throw new SndException(Errno.EBUSY, "substream " + substream + " is taken (got " + got + ")");
            }
            HwParams hw = HwParams.any();
            hw.setMask(PcmParam.ACCESS, PcmMask.of(PcmAccess.RW_INTERLEAVED));
            hw.setMask(PcmParam.FORMAT, PcmMask.of(f.pcmFormat()));
            hw.setInterval(PcmParam.CHANNELS, PcmInterval.single(f.channels()));
            hw.setInterval(PcmParam.RATE, PcmInterval.single(f.rate()));
            hw.setInterval(PcmParam.PERIOD_SIZE, PcmInterval.single(period));
            hw.setInterval(PcmParam.BUFFER_SIZE, PcmInterval.single((long) period * periods));
            pcm.ioctl(PcmIoctl.HW_PARAMS, hw.encode());
            long buffer = (long) period * periods;
            // Each period is written just before the trigger that moves it, so the ring is empty after every
            // tick: with stop_threshold = buffer that is an underrun (snd_pcm_update_hw_ptr0 stops at
            // avail >= stop_threshold). The boundary (learnt from a first SW_PARAMS) disables that check.
            SwParams sw = new SwParams(SwParams.TSTAMP_NONE, 1, 0, period, 1, period, buffer, 0, 0, 0,
                    PcmIoctl.PROTOCOL_VERSION, SwParams.TSTAMP_TYPE_MONOTONIC);
            long boundary = SwParams.decode(pcm.ioctl(PcmIoctl.SW_PARAMS, sw.encode())).boundary();
            sw = new SwParams(SwParams.TSTAMP_NONE, 1, 0, period, 1, period, boundary, 0, 0, boundary,
                    PcmIoctl.PROTOCOL_VERSION, SwParams.TSTAMP_TYPE_MONOTONIC);
            pcm.ioctl(PcmIoctl.SW_PARAMS, sw.encode());
            pcm.ioctl(PcmIoctl.PREPARE);
            return new LoopbackPlayback(pcm, got, f.pcmFrameBytes());
        } catch (RuntimeException e) {
            pcm.close();
            throw e;
        }
    }

    public int subdevice() {
        return subdevice;
    }

    /**
     * Writes one period; returns false if the stream had underrun (EPIPE): it is prepared again and the
     * period written into the fresh stream.
     */
    public boolean write(byte[] period, int frames) {
        try {
            pcm.write(period, frames * frameBytes);
            return true;
        } catch (SndException e) {
            if (e.errno() != Errno.EPIPE) {
                throw e;
            }
        }
        pcm.ioctl(PcmIoctl.PREPARE);
        pcm.write(period, frames * frameBytes);
        return false;
    }

    @Override
    public void close() {
        pcm.close();
    }
}
