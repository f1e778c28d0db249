package org.sndfuse.abi.timer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Independent little-endian reads of encoded structs, so offsets are checked against the kernel's layout, not the codec. */
final class Le {
    private Le() {}

    static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    static ByteBuffer alloc(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The NUL-terminated string in a {@code len}-byte field. */
    static String cstr(byte[] b, int off, int len) {
        int n = 0;
        while (n < len && b[off + n] != 0) {
            n++;
        }
        return new String(b, off, n, StandardCharsets.UTF_8);
    }

    static void putCstr(ByteBuffer bb, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            bb.put(off + i, b[i]);
        }
    }

    /** Asserts bytes [from, to) are zero. */
    static void assertZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                throw new AssertionError("byte " + i + " is " + b[i] + ", expected 0");
            }
        }
    }

    static void assertTid(ByteBuffer bb, int base, int cls, int sclass, int card, int dev, int sub) {
        org.junit.jupiter.api.Assertions.assertEquals(cls, bb.getInt(base), "dev_class");
        org.junit.jupiter.api.Assertions.assertEquals(sclass, bb.getInt(base + 4), "dev_sclass");
        org.junit.jupiter.api.Assertions.assertEquals(card, bb.getInt(base + 8), "card");
        org.junit.jupiter.api.Assertions.assertEquals(dev, bb.getInt(base + 12), "device");
        org.junit.jupiter.api.Assertions.assertEquals(sub, bb.getInt(base + 16), "subdevice");
    }
}
