package org.sndfuse.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualClockTest {

    @Test
    void startsAtGivenTimeAndDefault() {
        assertEquals(42L, new VirtualClock(42L).nanos());
        assertEquals(1_000_000_000L, new VirtualClock().nanos());
    }

    @Test
    void advanceMovesTimeWithoutTasks() {
        VirtualClock c = new VirtualClock(0);
        c.advance(5);
        c.advance(0);
        c.advance(10);
        assertEquals(15, c.nanos());
    }

    @Test
    void negativeAdvanceRejected() {
        VirtualClock c = new VirtualClock(0);
        assertThrows(IllegalArgumentException.class, () -> c.advance(-1));
        assertEquals(0, c.nanos());
    }

    @Test
    void tasksRunInDeadlineOrderSeeingTheirDeadline() {
        VirtualClock c = new VirtualClock(0);
        List<String> log = new ArrayList<>();
        c.schedule(30, () -> log.add("c@" + c.nanos()));
        c.schedule(10, () -> log.add("a@" + c.nanos()));
        c.schedule(20, () -> log.add("b@" + c.nanos()));
        c.advance(100);
        assertEquals(List.of("a@10", "b@20", "c@30"), log);
        assertEquals(100, c.nanos());
    }

    @Test
    void equalDeadlinesRunInScheduleOrder() {
        VirtualClock c = new VirtualClock(0);
        List<Integer> log = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int n = i;
            c.schedule(50, () -> log.add(n));
        }
        c.advance(50);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), log);
    }

    @Test
    void taskDueExactlyAtTargetRuns() {
        VirtualClock c = new VirtualClock(0);
        List<Long> log = new ArrayList<>();
        c.schedule(10, () -> log.add(c.nanos()));
        c.advance(9);
        assertEquals(List.of(), log);
        assertEquals(1, c.pending());
        c.advance(1);
        assertEquals(List.of(10L), log);
        assertEquals(0, c.pending());
    }

    @Test
    void futureTasksStayPending() {
        VirtualClock c = new VirtualClock(0);
        List<String> log = new ArrayList<>();
        c.schedule(10, () -> log.add("early"));
        c.schedule(1000, () -> log.add("late"));
        c.advance(500);
        assertEquals(List.of("early"), log);
        assertEquals(1, c.pending());
        c.advance(500);
        assertEquals(List.of("early", "late"), log);
    }

    @Test
    void pastDeadlineRunsOnNextAdvanceWithoutMovingTimeBack() {
        VirtualClock c = new VirtualClock(100);
        List<Long> log = new ArrayList<>();
        c.schedule(50, () -> log.add(c.nanos()));
        c.advance(0);
        assertEquals(List.of(100L), log);
        assertEquals(100, c.nanos());
    }

    @Test
    void cancelledTaskNeverRuns() {
        VirtualClock c = new VirtualClock(0);
        List<String> log = new ArrayList<>();
        Clock.Scheduled s = c.schedule(10, () -> log.add("cancelled"));
        c.schedule(20, () -> log.add("kept"));
        assertEquals(2, c.pending());
        s.cancel();
        s.cancel(); // idempotent
        assertEquals(1, c.pending());
        c.advance(100);
        assertEquals(List.of("kept"), log);
    }

    @Test
    void taskCanCancelALaterTask() {
        VirtualClock c = new VirtualClock(0);
        List<String> log = new ArrayList<>();
        Clock.Scheduled[] later = new Clock.Scheduled[1];
        c.schedule(10, () -> {
            log.add("first");
            later[0].cancel();
        });
        later[0] = c.schedule(20, () -> log.add("second"));
        c.advance(100);
        assertEquals(List.of("first"), log);
    }

    @Test
    void taskSchedulingTaskWithinWindowRunsInSameAdvance() {
        VirtualClock c = new VirtualClock(0);
        List<Long> log = new ArrayList<>();
        Runnable[] periodic = new Runnable[1];
        periodic[0] = () -> {
            log.add(c.nanos());
            c.schedule(c.nanos() + 10, periodic[0]);
        };
        c.schedule(10, periodic[0]);
        c.advance(45);
        assertEquals(List.of(10L, 20L, 30L, 40L), log);
        assertEquals(45, c.nanos());
        assertEquals(1, c.pending());
        c.advance(5);
        assertEquals(List.of(10L, 20L, 30L, 40L, 50L), log);
    }

    @Test
    void taskSchedulingTaskBeforeOtherPendingOnesKeepsOrder() {
        VirtualClock c = new VirtualClock(0);
        List<String> log = new ArrayList<>();
        c.schedule(10, () -> {
            log.add("a@" + c.nanos());
            c.schedule(15, () -> log.add("child@" + c.nanos()));
        });
        c.schedule(20, () -> log.add("b@" + c.nanos()));
        c.advance(100);
        assertEquals(List.of("a@10", "child@15", "b@20"), log);
    }

    @Test
    void taskSchedulingAtCurrentTimeRunsInSameAdvance() {
        VirtualClock c = new VirtualClock(0);
        List<String> log = new ArrayList<>();
        c.schedule(10, () -> {
            log.add("parent");
            c.schedule(c.nanos(), () -> log.add("child@" + c.nanos()));
        });
        c.advance(10);
        assertEquals(List.of("parent", "child@10"), log);
    }

    @Test
    void taskSchedulingBeyondWindowStaysPending() {
        VirtualClock c = new VirtualClock(0);
        List<String> log = new ArrayList<>();
        c.schedule(10, () -> c.schedule(200, () -> log.add("child")));
        c.advance(100);
        assertTrue(log.isEmpty());
        assertEquals(1, c.pending());
        c.advance(100);
        assertEquals(List.of("child"), log);
    }

    @Test
    void manyTasksInRandomOrder() {
        VirtualClock c = new VirtualClock(0);
        List<Long> log = new ArrayList<>();
        long[] deadlines = {70, 3, 99, 15, 42, 8, 61, 27, 88, 50};
        for (long d : deadlines) {
            c.schedule(d, () -> log.add(c.nanos()));
        }
        c.advance(1000);
        List<Long> sorted = new ArrayList<>();
        for (long d : deadlines) {
            sorted.add(d);
        }
        sorted.sort(null);
        assertEquals(sorted, log);
    }
}
