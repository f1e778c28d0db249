package org.sndfuse.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.timer.TimerTestSupport.AUTO;
import static org.sndfuse.timer.TimerTestSupport.UTIMER_RES;
import static org.sndfuse.timer.TimerTestSupport.drainTicks;
import static org.sndfuse.timer.TimerTestSupport.newUser;
import static org.sndfuse.timer.TimerTestSupport.params;
import static org.sndfuse.timer.TimerTestSupport.plainListener;
import static org.sndfuse.timer.TimerTestSupport.readPlain;
import static org.sndfuse.timer.TimerTestSupport.triggers;
import static org.sndfuse.timer.TimerTestSupport.utimer;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.timer.TimerRead;
import org.sndfuse.clock.VirtualClock;

/**
 * The kernel's delayed start (kernel-facts T2): an instance started while its timer already runs joins at the
 * next interrupt's reschedule, so its first tick comes one interrupt later.
 */
class DelayedStartTest {
    private TimerCore core;
    private TimerUser owner;

    @BeforeEach
    void setUp() {
        core = new TimerCore(new VirtualClock(), 250);
        owner = newUser(core);
        owner.create(UTIMER_RES);
    }

    @Test
    void firstListenerOnIdleTimerTicksAtOnce() {
        TimerUser a = plainListener(core, 0);
        owner.trigger();
        assertEquals(1, drainTicks(a));
    }

    @Test
    void laterListenerMissesTheNextTrigger() {
        TimerUser a = plainListener(core, 0);
        owner.trigger();
        TimerUser b = plainListener(core, 0);
        assertTrue(b.instance().isRunning(), "a pending start counts as running");
        owner.trigger(); // A ticks, B is admitted
        assertEquals(2, drainTicks(a));
        assertEquals(0, drainTicks(b));
        triggers(owner, 6);
        assertEquals(6, drainTicks(a));
        assertEquals(6, drainTicks(b));
    }

    @Test
    void sixteenListenersAfterOneWarmUpTrigger() {
        final int k = 25;
        List<TimerUser> listeners = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            listeners.add(plainListener(core, 0));
        }
        owner.trigger(); // warm-up: the first ticks, the other 15 join
        for (TimerUser l : listeners) {
            drainTicks(l);
        }
        triggers(owner, k);
        for (int i = 0; i < listeners.size(); i++) {
            assertEquals(List.of(new TimerRead(UTIMER_RES, k)), readPlain(listeners.get(i)), "listener " + i);
        }
    }

    @Test
    void warmUpTriggerGivesOnlyTheFirstListenerATick() {
        TimerUser first = plainListener(core, 0);
        List<TimerUser> rest = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            rest.add(plainListener(core, 0));
        }
        owner.trigger();
        assertEquals(1, drainTicks(first));
        for (TimerUser l : rest) {
            assertEquals(0, drainTicks(l));
        }
    }

    @Test
    void pendingStartCanBeStoppedBeforeJoining() {
        TimerUser a = plainListener(core, 0);
        TimerUser b = plainListener(core, 0);
        b.stop();
        assertFalse(b.instance().isRunning());
        triggers(owner, 3);
        assertEquals(3, drainTicks(a));
        assertEquals(0, drainTicks(b));
    }

    @Test
    void pendingStartTakesOverWhenTheLastRunnerStops() {
        TimerUser a = plainListener(core, 0);
        TimerUser b = plainListener(core, 0); // pending
        a.stop(); // the timer idles: B is admitted at once
        owner.trigger();
        assertEquals(0, drainTicks(a));
        assertEquals(1, drainTicks(b));
    }

    @Test
    void restartWhileOthersRunIsDelayedToo() {
        TimerUser a = plainListener(core, 0);
        TimerUser b = plainListener(core, 0);
        owner.trigger(); // B joins
        drainTicks(a);
        b.start(); // stop + start while A keeps the timer running
        owner.trigger();
        assertEquals(1, drainTicks(a));
        assertEquals(0, drainTicks(b));
        owner.trigger();
        assertEquals(1, drainTicks(b));
    }

    @Test
    void firstInstanceWithTicksNAdvancesNPerTrigger() {
        // kernel-facts T3 quirk: sticks = the first starter's ticks until a reschedule.
        TimerUser a = newUser(core);
        a.select(utimer(0));
        a.params(params(AUTO, 3));
        a.start();
        owner.trigger();
        assertEquals(List.of(new TimerRead(UTIMER_RES, 3)), readPlain(a));
        owner.trigger();
        assertEquals(List.of(new TimerRead(UTIMER_RES, 3)), readPlain(a));
    }

    @Test
    void rescheduleBringsHardwarePeriodBackToOne() {
        TimerUser a = newUser(core);
        a.select(utimer(0));
        a.params(params(AUTO, 3));
        a.start();
        TimerUser b = plainListener(core, 0); // pending, sets the reschedule flag
        owner.trigger(); // A advances 3 (old period), B joins, period becomes min(3, 1) capped to 1
        assertEquals(3, drainTicks(a));
        triggers(owner, 3);
        assertEquals(3, drainTicks(b));
        assertEquals(List.of(new TimerRead(UTIMER_RES, 3)), readPlain(a));
    }

    @Test
    void listenerWithTicksThreeAfterWarmUp() {
        TimerUser a = plainListener(core, 0);
        TimerUser b = newUser(core);
        b.select(utimer(0));
        b.params(params(AUTO, 3));
        b.start();
        owner.trigger(); // join
        triggers(owner, 9);
        assertEquals(10, drainTicks(a));
        List<TimerRead> r = readPlain(b);
        assertEquals(List.of(new TimerRead(UTIMER_RES, 9)), r, "three callbacks of 3, merged while unread");
    }
}
