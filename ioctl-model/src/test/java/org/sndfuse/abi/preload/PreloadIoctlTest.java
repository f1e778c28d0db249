package org.sndfuse.abi.preload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The private request numbers, pinned against preload/src/sndfuse-private.h as gcc computes them on x86_64. */
class PreloadIoctlTest {
    @Test
    void numbersMatchTheHeader() {
        assertEquals(0xc02053f0, PreloadIoctl.HELLO);
        assertEquals(0x400453f1, PreloadIoctl.PCM_PAUSE);
        assertEquals(0x400853f2, PreloadIoctl.PCM_LINK);
    }
}
