package org.sndfuse.abi.pcm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Pins every PCM request number to the value of the x86_64 header. */
class PcmIoctlTest {
    private static void pin(long expected, int actual) {
        assertEquals(String.format("0x%08x", expected), String.format("0x%08x", actual));
    }

    @Test
    void pcmNodeRequests() {
        pin(0x80044100L, PcmIoctl.PVERSION);
        pin(0x81204101L, PcmIoctl.INFO);
        pin(0x40044102L, PcmIoctl.TSTAMP);
        pin(0x40044103L, PcmIoctl.TTSTAMP);
        pin(0x40044104L, PcmIoctl.USER_PVERSION);
        pin(0xc2604110L, PcmIoctl.HW_REFINE);
        pin(0xc2604111L, PcmIoctl.HW_PARAMS);
        pin(0x00004112L, PcmIoctl.HW_FREE);
        pin(0xc0884113L, PcmIoctl.SW_PARAMS);
        pin(0x80984120L, PcmIoctl.STATUS);
        pin(0x80084121L, PcmIoctl.DELAY);
        pin(0x00004122L, PcmIoctl.HWSYNC);
        pin(0xc0884123L, PcmIoctl.SYNC_PTR);
        pin(0xc0984124L, PcmIoctl.STATUS_EXT);
        pin(0x80184132L, PcmIoctl.CHANNEL_INFO);
        pin(0x00004140L, PcmIoctl.PREPARE);
        pin(0x00004141L, PcmIoctl.RESET);
        pin(0x00004142L, PcmIoctl.START);
        pin(0x00004143L, PcmIoctl.DROP);
        pin(0x00004144L, PcmIoctl.DRAIN);
        pin(0x40044145L, PcmIoctl.PAUSE);
        pin(0x40084146L, PcmIoctl.REWIND);
        pin(0x00004147L, PcmIoctl.RESUME);
        pin(0x00004148L, PcmIoctl.XRUN);
        pin(0x40084149L, PcmIoctl.FORWARD);
        pin(0x40184150L, PcmIoctl.WRITEI_FRAMES);
        pin(0x80184151L, PcmIoctl.READI_FRAMES);
        pin(0x40184152L, PcmIoctl.WRITEN_FRAMES);
        pin(0x80184153L, PcmIoctl.READN_FRAMES);
        pin(0x40044160L, PcmIoctl.LINK);
        pin(0x00004161L, PcmIoctl.UNLINK);
    }

    @Test
    void versionAndMmapOffsets() {
        assertEquals(0x2000f, PcmIoctl.PROTOCOL_VERSION);
        assertEquals(0x80000000L, PcmIoctl.MMAP_OFFSET_STATUS);
        assertEquals(0x81000000L, PcmIoctl.MMAP_OFFSET_CONTROL);
    }
}
