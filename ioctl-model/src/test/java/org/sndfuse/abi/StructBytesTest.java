package org.sndfuse.abi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StructBytesTest {

    @Test
    void allocateIsZeroFilled() {
        StructBytes s = StructBytes.allocate(16);
        assertEquals(16, s.size());
        assertArrayEquals(new byte[16], s.bytes());
    }

    @Test
    void integersAreLittleEndian() {
        StructBytes s = StructBytes.allocate(16);
        s.i32(0, 0x01020304).i64(4, 0x1122334455667788L);
        byte[] b = s.bytes();
        assertEquals(0x04, b[0]);
        assertEquals(0x03, b[1]);
        assertEquals(0x02, b[2]);
        assertEquals(0x01, b[3]);
        assertEquals((byte) 0x88, b[4]);
        assertEquals(0x11, b[11]);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x01020304, bb.getInt(0));
        assertEquals(0x1122334455667788L, bb.getLong(4));
        assertEquals(0x01020304, s.i32(0));
        assertEquals(0x1122334455667788L, s.i64(4));
    }

    @Test
    void u32WidensUnsigned() {
        StructBytes s = StructBytes.allocate(4);
        s.u32(0, 0xFFFFFFFFL);
        assertEquals(0xFFFFFFFFL, s.u32(0));
        assertEquals(-1, s.i32(0));
        s.u32(0, 0x80000000L);
        assertEquals(0x80000000L, s.u32(0));
    }

    @Test
    void ofPadsShortInputWithZeros() {
        StructBytes s = StructBytes.of(new byte[] {1, 2, 3}, 8);
        assertEquals(8, s.size());
        assertArrayEquals(new byte[] {1, 2, 3, 0, 0, 0, 0, 0}, s.bytes());
    }

    @Test
    void ofTruncatesLongInput() {
        StructBytes s = StructBytes.of(new byte[] {1, 2, 3, 4, 5}, 2);
        assertArrayEquals(new byte[] {1, 2}, s.bytes());
    }

    @Test
    void ofCopiesTheCallerBytes() {
        byte[] in = {7, 7, 7, 7};
        StructBytes s = StructBytes.of(in, 4);
        s.i32(0, 0);
        assertArrayEquals(new byte[] {7, 7, 7, 7}, in);
    }

    @Test
    void cstrWritesNulPaddedString() {
        StructBytes s = StructBytes.allocate(12);
        Arrays.fill(s.bytes(), (byte) 0x55);
        s.cstr(2, 8, "abc");
        byte[] b = s.bytes();
        assertEquals(0x55, b[0]);
        assertEquals(0x55, b[1]);
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(b, 2, 5));
        for (int i = 5; i < 10; i++) {
            assertEquals(0, b[i], "NUL padding at " + i);
        }
        assertEquals(0x55, b[10]);
        assertEquals(0x55, b[11]);
        assertEquals("abc", s.cstr(2, 8));
    }

    @Test
    void cstrTruncatesToLenMinusOneAndTerminates() {
        StructBytes s = StructBytes.allocate(10);
        Arrays.fill(s.bytes(), (byte) 0x55);
        s.cstr(0, 8, "0123456789");
        byte[] b = s.bytes();
        assertArrayEquals("0123456".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(b, 0, 7));
        assertEquals(0, b[7]);
        assertEquals(0x55, b[8]);
        assertEquals("0123456", s.cstr(0, 8));
    }

    @Test
    void cstrOfExactlyLenMinusOneFits() {
        StructBytes s = StructBytes.allocate(4);
        s.cstr(0, 4, "xyz");
        assertEquals("xyz", s.cstr(0, 4));
        assertEquals(0, s.bytes()[3]);
    }

    @Test
    void cstrEmptyString() {
        StructBytes s = StructBytes.allocate(4);
        Arrays.fill(s.bytes(), (byte) 'q');
        s.cstr(0, 4, "");
        assertArrayEquals(new byte[4], s.bytes());
        assertEquals("", s.cstr(0, 4));
    }

    @Test
    void cstrReadStopsAtNulOrField() {
        byte[] raw = {'a', 'b', 0, 'c', 'd', 'e', 'f', 'g'};
        StructBytes s = StructBytes.of(raw, raw.length);
        assertEquals("ab", s.cstr(0, 8));
        // No NUL inside the field: the whole field is the string.
        assertEquals("cdef", s.cstr(3, 4));
    }

    @Test
    void sliceAndPut() {
        StructBytes s = StructBytes.allocate(8);
        s.put(3, new byte[] {9, 8, 7});
        assertArrayEquals(new byte[] {0, 9, 8, 7, 0}, s.slice(2, 5));
    }
}
