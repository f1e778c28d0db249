package org.sndfuse.rtp;

/**
 * One RTP data packet (RFC 3550 §5.1): the fixed header, CSRC list and header extension skipped, padding
 * removed. {@link #parse} never trusts a length field: a packet that does not add up is {@link Malformed}.
 */
public record RtpPacket(boolean marker, int payloadType, int sequence, long timestamp, long ssrc, byte[] data,
                        int payloadOffset, int payloadLength) {
    public static final int HEADER = 12;

    /** Why a datagram is not an RTP packet. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Parses the first {@code length} bytes of {@code data} (kept, not copied). */
    public static RtpPacket parse(byte[] data, int length) throws Malformed {
        if (length < HEADER) {
            throw new Malformed("truncated header (" + length + " bytes)");
        }
        int b0 = data[0] & 0xff;
        if (b0 >> 6 != 2) {
            throw new Malformed("version " + (b0 >> 6));
        }
        int b1 = data[1] & 0xff;
        int end = length;
        if ((b0 & 0x20) != 0) {
            int pad = data[length - 1] & 0xff;
            if (pad == 0 || pad > length - HEADER) {
                throw new Malformed("bad padding " + pad);
            }
            end -= pad;
        }
        int off = HEADER + 4 * (b0 & 0x0f);
        if ((b0 & 0x10) != 0) {
            if (off + 4 > end) {
                throw new Malformed("truncated header extension");
            }
            off += 4 + 4 * u16(data, off + 2);
        }
        if (off > end) {
            throw new Malformed("header longer than the packet");
        }
        return new RtpPacket((b1 & 0x80) != 0, b1 & 0x7f, u16(data, 2), u32(data, 4), u32(data, 8), data, off,
                end - off);
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    static long u32(byte[] b, int off) {
        return ((long) u16(b, off) << 16) | u16(b, off + 2);
    }

    /** Builds a minimal packet (no CSRC, no extension): what test senders and the unit tests use. */
    public static byte[] build(int payloadType, int sequence, long timestamp, long ssrc, byte[] payload) {
        byte[] b = new byte[HEADER + payload.length];
        b[0] = (byte) 0x80;
        b[1] = (byte) (payloadType & 0x7f);
        b[2] = (byte) (sequence >> 8);
        b[3] = (byte) sequence;
        for (int i = 0; i < 4; i++) {
            b[4 + i] = (byte) (timestamp >> (24 - 8 * i));
            b[8 + i] = (byte) (ssrc >> (24 - 8 * i));
        }
        System.arraycopy(payload, 0, b, HEADER, payload.length);
        return b;
    }
}
