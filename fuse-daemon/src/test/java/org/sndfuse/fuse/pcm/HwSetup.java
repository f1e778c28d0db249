package org.sndfuse.fuse.pcm;

import org.sndfuse.abi.pcm.HwParams;
import org.sndfuse.abi.pcm.PcmInterval;
import org.sndfuse.abi.pcm.PcmMask;
import org.sndfuse.abi.pcm.PcmParam;
import org.sndfuse.aloop.PcmSubstream;

/** A test substream set up and prepared as an application does: one access, format, layout; 4 periods. */
final class HwSetup {
    private HwSetup() {}

    static PcmSubstream prepare(PcmSubstream s, int access, int format, int channels, int rate, int period) {
        HwParams p = HwParams.any();
        p.setMask(PcmParam.ACCESS, PcmMask.of(access));
        p.setMask(PcmParam.FORMAT, PcmMask.of(format));
        p.setInterval(PcmParam.CHANNELS, PcmInterval.single(channels));
        p.setInterval(PcmParam.RATE, PcmInterval.single(rate));
        p.setInterval(PcmParam.PERIOD_SIZE, PcmInterval.single(period));
        p.setInterval(PcmParam.BUFFER_SIZE, PcmInterval.single(4 * period));
        s.hwParams(p);
        s.prepare();
        return s;
    }
}
