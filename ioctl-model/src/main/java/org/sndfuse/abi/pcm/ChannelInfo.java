package org.sndfuse.abi.pcm;

import org.sndfuse.abi.StructBytes;

/** struct snd_pcm_channel_info (24 bytes): where one channel's samples sit in the mmapped buffer, in bits. */
public record ChannelInfo(int channel, long offset, int first, int step) {
    public static final int SIZE = 24;
    public static final int OFF_CHANNEL = 0, OFF_OFFSET = 8, OFF_FIRST = 16, OFF_STEP = 20;

    public static ChannelInfo decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new ChannelInfo(s.i32(OFF_CHANNEL), s.i64(OFF_OFFSET), s.i32(OFF_FIRST), s.i32(OFF_STEP));
    }

    public byte[] encode() {
        StructBytes s = StructBytes.allocate(SIZE);
        s.i32(OFF_CHANNEL, channel).i64(OFF_OFFSET, offset).i32(OFF_FIRST, first).i32(OFF_STEP, step);
        return s.bytes();
    }
}
