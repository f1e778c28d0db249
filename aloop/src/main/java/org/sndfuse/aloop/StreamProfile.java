package org.sndfuse.aloop;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sndfuse.abi.pcm.HwParams;
import org.sndfuse.abi.pcm.PcmAccess;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmInterval;
import org.sndfuse.abi.pcm.PcmMask;
import org.sndfuse.abi.pcm.PcmParam;
import org.sndfuse.abi.pcm.SwParams;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * A stream configuration applied to a substream right after it is opened, so that tools without ioctls
 * (dd, cat) can move frames: RW interleaved access, format, rate, channels, period and buffer size through
 * HW_PARAMS, the start threshold through SW_PARAMS, then PREPARE — what an ALSA application would do itself.
 */
public record StreamProfile(int format, int rate, int channels, long periodFrames, long bufferFrames,
                            long startThreshold) {
    /**
     * Parses {@code format=S16_LE rate=48000 channels=2 period=960 buffer=3840 start=1}; omitted keys take
     * those defaults (buffer = 4 periods, start = 1 frame).
     */
    public static StreamProfile parse(String[] words, int from) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (int i = from; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq <= 0) {
                throw new SndException(Errno.EINVAL, "expected KEY=VALUE, got '" + words[i] + "'");
            }
            kv.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
        int format = formatOf(kv.getOrDefault("format", "S16_LE"));
        int rate = (int) num(kv, "rate", 48000);
        int channels = (int) num(kv, "channels", 2);
        long period = num(kv, "period", rate / 50);
        long buffer = num(kv, "buffer", period * 4);
        long start = num(kv, "start", 1);
        kv.keySet().removeAll(java.util.List.of("format", "rate", "channels", "period", "buffer", "start"));
        if (!kv.isEmpty()) {
            throw new SndException(Errno.EINVAL, "unknown key '" + kv.keySet().iterator().next()
                    + "' (format, rate, channels, period, buffer, start)");
        }
        return new StreamProfile(format, rate, channels, period, buffer, start);
    }

    private static long num(Map<String, String> kv, String key, long dflt) {
        String v = kv.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v);
            if (n <= 0 || n > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new SndException(Errno.EINVAL, key + " must be a positive integer, got '" + v + "'");
        }
    }

    private static int formatOf(String name) {
        for (int f = 0; f <= PcmFormat.LAST; f++) {
            // unused format numbers are named "Unknown": not a name anyone can ask for
            if (!PcmFormat.name(f).equals("Unknown") && name.equalsIgnoreCase(PcmFormat.name(f))) {
                return f;
            }
        }
        throw new SndException(Errno.EINVAL, "unknown format '" + name + "' (e.g. S16_LE, S32_LE, FLOAT_LE)");
    }

    /** HW_PARAMS + SW_PARAMS + PREPARE on {@code s}; the substream's own errno on a value it cannot take. */
    public void applyTo(PcmSubstream s) {
        HwParams p = HwParams.any();
        p.setMask(PcmParam.ACCESS, PcmMask.of(PcmAccess.RW_INTERLEAVED));
        p.setMask(PcmParam.FORMAT, PcmMask.of(format));
        p.setInterval(PcmParam.CHANNELS, PcmInterval.single(channels));
        p.setInterval(PcmParam.RATE, PcmInterval.single(rate));
        p.setInterval(PcmParam.PERIOD_SIZE, PcmInterval.single(periodFrames));
        p.setInterval(PcmParam.BUFFER_SIZE, PcmInterval.single(bufferFrames));
        s.hwParams(p);
        // The defaults HW_PARAMS sets (avail_min one period, stop at a full buffer), with our start threshold.
        s.swParams(new SwParams(SwParams.TSTAMP_NONE, 1, 0, periodFrames, 1, startThreshold, bufferFrames, 0, 0, 0,
                0, 0));
        s.prepare();
    }

    @Override
    public String toString() {
        return "format=" + PcmFormat.name(format) + " rate=" + rate + " channels=" + channels + " period="
                + periodFrames + " buffer=" + bufferFrames + " start=" + startThreshold;
    }
}
