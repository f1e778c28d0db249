package org.sndfuse.aloop;

import org.sndfuse.abi.pcm.HwParams;
import org.sndfuse.abi.pcm.PcmFormat;

/**
 * What a driver advertises (struct snd_pcm_hardware). Each loopback cable holds one copy, narrowed to the
 * first prepared end's format, rate and channels (and period bytes in timer mode): the second end must match
 * (aloop.c params_change, loopback_check_format).
 */
final class PcmHardware {
    int info;
    long formats;
    long rateMin;
    long rateMax;
    long channelsMin;
    long channelsMax;
    long bufferBytesMax;
    long periodBytesMin;
    long periodBytesMax;
    long periodsMin;
    long periodsMax;
    long fifoSize;

    /**
     * snd-aloop's table (aloop.c loopback_pcm_hardware; docs/kernel-facts.md A4): modern kernels allow
     * 8000..768000 Hz and the DSD formats; channels 1..32, buffer up to 2 MiB, periods of 64 B..1 MiB, 1..1024 periods.
     */
    static PcmHardware loopback() {
        PcmHardware h = new PcmHardware();
        h.info = HwParams.INFO_INTERLEAVED | HwParams.INFO_MMAP | HwParams.INFO_MMAP_VALID | HwParams.INFO_PAUSE
                | HwParams.INFO_RESUME | HwParams.INFO_NONINTERLEAVED;
        h.formats = bit(PcmFormat.S16_LE) | bit(PcmFormat.S16_BE) | bit(PcmFormat.S24_LE) | bit(PcmFormat.S24_BE)
                | bit(PcmFormat.S24_3LE) | bit(PcmFormat.S24_3BE) | bit(PcmFormat.S32_LE) | bit(PcmFormat.S32_BE)
                | bit(PcmFormat.FLOAT_LE) | bit(PcmFormat.FLOAT_BE) | bit(PcmFormat.DSD_U8)
                | bit(PcmFormat.DSD_U16_LE) | bit(PcmFormat.DSD_U16_BE) | bit(PcmFormat.DSD_U32_LE)
                | bit(PcmFormat.DSD_U32_BE);
        h.rateMin = 8000;
        h.rateMax = 768000;
        h.channelsMin = 1;
        h.channelsMax = 32;
        h.bufferBytesMax = 2 * 1024 * 1024;
        h.periodBytesMin = 64;
        h.periodBytesMax = 1024 * 1024;
        h.periodsMin = 1;
        h.periodsMax = 1024;
        h.fifoSize = 0;
        return h;
    }

    static long bit(int format) {
        return 1L << format;
    }

    PcmHardware copy() {
        PcmHardware h = new PcmHardware();
        h.info = info;
        h.formats = formats;
        h.rateMin = rateMin;
        h.rateMax = rateMax;
        h.channelsMin = channelsMin;
        h.channelsMax = channelsMax;
        h.bufferBytesMax = bufferBytesMax;
        h.periodBytesMin = periodBytesMin;
        h.periodBytesMax = periodBytesMax;
        h.periodsMin = periodsMin;
        h.periodsMax = periodsMax;
        h.fifoSize = fifoSize;
        return h;
    }
}
