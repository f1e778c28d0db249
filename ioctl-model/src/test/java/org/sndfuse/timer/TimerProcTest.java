package org.sndfuse.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sndfuse.timer.TimerTestSupport.SYSTEM;
import static org.sndfuse.timer.TimerTestSupport.newUser;
import static org.sndfuse.timer.TimerTestSupport.plainListener;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.clock.VirtualClock;

/** /proc/asound/timers lines (kernel-facts T7 examples). */
class TimerProcTest {
    private TimerCore core;

    @BeforeEach
    void setUp() {
        core = new TimerCore(new VirtualClock(), 250);
    }

    @Test
    void defaultTimers() {
        assertEquals("G0: system timer : 4000.000us (10000000 ticks)\n"
                + "G3: HR timer : 0.001us (1000000000 ticks)\n", TimerProc.render(core));
    }

    @Test
    void utimersShowDeviceOnlyAndEmptyName() {
        newUser(core).create(551_250_000L);
        newUser(core).create(1_000_000L);
        String text = TimerProc.render(core);
        assertEquals("G0: system timer : 4000.000us (10000000 ticks)\n"
                + "G3: HR timer : 0.001us (1000000000 ticks)\n"
                + "G4:  : 551250.000us (1 ticks)\n"
                + "G4:  : 1000.000us (1 ticks)\n", text);
    }

    @Test
    void clientsWithState() {
        TimerUser owner = new TimerUser(core, 1);
        owner.create(1_000_000L);
        TimerUser running = new TimerUser(core, 1234);
        running.select(TimerId.global(4, 0));
        running.start();
        TimerUser stopped = new TimerUser(core, 99);
        stopped.select(TimerId.global(4, 0));
        TimerUser pending = new TimerUser(core, 77);
        pending.select(TimerId.global(4, 0));
        pending.start(); // delayed start still reads "running"
        String text = TimerProc.render(core);
        assertEquals("G0: system timer : 4000.000us (10000000 ticks)\n"
                + "G3: HR timer : 0.001us (1000000000 ticks)\n"
                + "G4:  : 1000.000us (1 ticks)\n"
                + "  Client application 1234 : running\n"
                + "  Client application 99 : stopped\n"
                + "  Client application 77 : running\n", text);
    }

    @Test
    void kernelClientOwnerStringAndUnknown() {
        core.open(SYSTEM, "Loopback", new TimerTestSupport.Recorder());
        core.open(SYSTEM, null, new TimerTestSupport.Recorder());
        String text = TimerProc.render(core);
        assertEquals("G0: system timer : 4000.000us (10000000 ticks)\n"
                + "  Client Loopback : stopped\n"
                + "  Client unknown : stopped\n"
                + "G3: HR timer : 0.001us (1000000000 ticks)\n", text);
    }

    @Test
    void pcmSlaveTimerLines() {
        core.register(new FakeTimer(new TimerId(TimerId.CLASS_PCM, 0, 0, 0, 0), "PCM", "PCM Playback 0-0-0", 0L,
                true));
        core.register(new FakeTimer(new TimerId(TimerId.CLASS_PCM, 0, 0, 0, 1), "PCM", "PCM Capture 0-0-1",
                21_333_333L, true));
        core.register(FakeTimer.card(1, 2));
        String text = TimerProc.render(core);
        assertEquals("G0: system timer : 4000.000us (10000000 ticks)\n"
                + "G3: HR timer : 0.001us (1000000000 ticks)\n"
                + "C1-2: Card timer 1-2 : 1000.000us (1 ticks)\n"
                + "P0-0-0: PCM Playback 0-0-0 : SLAVE\n"
                + "P0-0-1: PCM Capture 0-0-1 : 21333.333us (1 ticks) SLAVE\n", text);
    }

    @Test
    void releasedClientsDisappear() {
        TimerUser u = plainListener(withUtimer(), 0);
        u.release();
        assertEquals("G0: system timer : 4000.000us (10000000 ticks)\n"
                + "G3: HR timer : 0.001us (1000000000 ticks)\n"
                + "G4:  : 1000.000us (1 ticks)\n", TimerProc.render(core));
    }

    private TimerCore withUtimer() {
        newUser(core).create(1_000_000L);
        return core;
    }
}
