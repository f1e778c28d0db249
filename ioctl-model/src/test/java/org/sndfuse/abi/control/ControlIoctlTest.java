package org.sndfuse.abi.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Pins every control request number to the value of the x86_64 header. */
class ControlIoctlTest {
    private static void pin(long expected, int actual) {
        assertEquals(String.format("0x%08x", expected), String.format("0x%08x", actual));
    }

    @Test
    void controlNodeRequests() {
        pin(0x80045500L, ControlIoctl.PVERSION);
        pin(0x81785501L, ControlIoctl.CARD_INFO);
        pin(0xc0505510L, ControlIoctl.ELEM_LIST);
        pin(0xc1105511L, ControlIoctl.ELEM_INFO);
        pin(0xc4c85512L, ControlIoctl.ELEM_READ);
        pin(0xc4c85513L, ControlIoctl.ELEM_WRITE);
        pin(0xc0045516L, ControlIoctl.SUBSCRIBE_EVENTS);
        pin(0x80045530L, ControlIoctl.PCM_NEXT_DEVICE);
        pin(0xc1205531L, ControlIoctl.PCM_INFO);
        pin(0x40045532L, ControlIoctl.PCM_PREFER_SUBDEVICE);
    }

    @Test
    void version() {
        assertEquals(0x20009, ControlIoctl.PROTOCOL_VERSION);
    }
}
