package org.sndfuse.abi.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TimerEventTest {

    @Test
    void filterMask() {
        assertEquals(0x0006F1BF, TimerEvent.FILTER_MASK);
        assertEquals(0, TimerEvent.FILTER_MASK & (1 << TimerEvent.EARLY));
    }

    @Test
    void eventNumbers() {
        assertEquals(0, TimerEvent.RESOLUTION);
        assertEquals(1, TimerEvent.TICK);
        assertEquals(2, TimerEvent.START);
        assertEquals(3, TimerEvent.STOP);
        assertEquals(4, TimerEvent.CONTINUE);
        assertEquals(5, TimerEvent.PAUSE);
        assertEquals(6, TimerEvent.EARLY);
        assertEquals(7, TimerEvent.SUSPEND);
        assertEquals(8, TimerEvent.RESUME);
        assertEquals(12, TimerEvent.MSTART);
        assertEquals(13, TimerEvent.MSTOP);
        assertEquals(14, TimerEvent.MCONTINUE);
        assertEquals(15, TimerEvent.MPAUSE);
        assertEquals(17, TimerEvent.MSUSPEND);
        assertEquals(18, TimerEvent.MRESUME);
    }

    @Test
    void names() {
        assertEquals("tick", TimerEvent.name(TimerEvent.TICK));
        assertEquals("mresume", TimerEvent.name(TimerEvent.MRESUME));
        assertEquals("event9", TimerEvent.name(9));
    }
}
