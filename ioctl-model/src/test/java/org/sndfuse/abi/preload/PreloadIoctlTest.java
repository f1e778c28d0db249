package org.sndfuse.abi.preload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Pins the private request numbers and struct sndfuse_hello to preload/src/sndfuse-private.h (x86_64). */
class PreloadIoctlTest {

    @Test
    void requestNumbers() {
        assertEquals(0xC02053F0, PreloadIoctl.HELLO);
        assertEquals(0x400453F1, PreloadIoctl.PCM_PAUSE);
        assertEquals(0x400853F2, PreloadIoctl.PCM_LINK);
        assertEquals(0x402053F4, PreloadIoctl.ASYNC);
    }

    @Test
    void helloAtExactOffsets() {
        byte[] original = new byte[32];
        Arrays.fill(original, (byte) 0x5A);
        byte[] b = new Hello(1, PreloadIoctl.NODE_PCM, 0x1122334455667788L).encodeOver(original);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(32, b.length);
        assertEquals(1, bb.getInt(0), "version");
        assertEquals(2, bb.getInt(4), "kind");
        assertEquals(0x1122334455667788L, bb.getLong(8), "token");
        byte[] reserved = new byte[16];
        Arrays.fill(reserved, (byte) 0x5A);
        assertArrayEquals(reserved, Arrays.copyOfRange(b, 16, 32), "reserved bytes come back as they went in");
    }

    @Test
    void asyncSetupAtExactOffsets() {
        ByteBuffer bb = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(0, 1).putInt(4, 38).putInt(8, AsyncSetup.OWNER_TID).putInt(12, 4242).putInt(16, 7).putInt(20, 4240);
        AsyncSetup a = AsyncSetup.decode(bb.array());
        assertEquals(new AsyncSetup(true, 38, AsyncSetup.OWNER_TID, 4242, 7, 4240), a);
        assertArrayEquals(bb.array(), a.encode());
    }

    @Test
    void decodeFromHandBuiltBytes() {
        ByteBuffer bb = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(0, 1).putInt(4, 3).putLong(8, -2L);
        assertEquals(new Hello(1, PreloadIoctl.NODE_CONTROL, -2L), Hello.decode(bb.array()));
    }
}
