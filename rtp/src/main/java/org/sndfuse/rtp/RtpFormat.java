package org.sndfuse.rtp;

import java.util.Locale;
import org.sndfuse.abi.pcm.PcmFormat;

/**
 * A linear PCM RTP payload: L16 (RFC 3551 §4.5.11) or L24 (RFC 3190 §4), big-endian, interleaved, at a rate
 * and channel count, with the payload type it arrives under; and the loopback PCM format it is written as
 * (S16_LE for L16, S32_LE with the 24 bits at the top for L24, so no sample is rescaled).
 */
public record RtpFormat(Encoding encoding, int rate, int channels, int payloadType) {
    /** The two linear encodings. */
    public enum Encoding {
        L16(2, PcmFormat.S16_LE, 2), L24(3, PcmFormat.S32_LE, 4);

        final int wireBytes;
        final int pcmFormat;
        final int pcmBytes;

        Encoding(int wireBytes, int pcmFormat, int pcmBytes) {
            this.wireBytes = wireBytes;
            this.pcmFormat = pcmFormat;
            this.pcmBytes = pcmBytes;
        }

        public static Encoding parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unsupported encoding '" + s + "' (L16 or L24)");
            }
        }
    }

    public RtpFormat {
        if (rate < 1000 || rate > 384000) {
            throw new IllegalArgumentException("rate " + rate + " out of range 1000..384000");
        }
        if (channels < 1 || channels > 32) {
            throw new IllegalArgumentException("channels " + channels + " out of range 1..32");
        }
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type " + payloadType + " out of range 0..127");
        }
    }

    public int wireFrameBytes() {
        return encoding.wireBytes * channels;
    }

    public int pcmFrameBytes() {
        return encoding.pcmBytes * channels;
    }

    /** SNDRV_PCM_FORMAT_* of the loopback stream. */
    public int pcmFormat() {
        return encoding.pcmFormat;
    }

    /** Converts {@code frames} wire frames at {@code src[srcOff]} into PCM frames at {@code dst[dstOff]}. */
    public void toPcm(byte[] src, int srcOff, int frames, byte[] dst, int dstOff) {
        int samples = frames * channels;
        if (encoding == Encoding.L16) {
            for (int i = 0; i < samples; i++, srcOff += 2, dstOff += 2) {
                dst[dstOff] = src[srcOff + 1];
                dst[dstOff + 1] = src[srcOff];
            }
        } else {
            for (int i = 0; i < samples; i++, srcOff += 3, dstOff += 4) {
                dst[dstOff] = 0;
                dst[dstOff + 1] = src[srcOff + 2];
                dst[dstOff + 2] = src[srcOff + 1];
                dst[dstOff + 3] = src[srcOff];
            }
        }
    }

    @Override
    public String toString() {
        return encoding + "/" + rate + "/" + channels + " pt " + payloadType;
    }
}
