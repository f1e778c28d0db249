package org.sndfuse.fuse.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.fuse.HandleTestSupport.assertErrno;
import static org.sndfuse.fuse.HandleTestSupport.caller;
import static org.sndfuse.fuse.HandleTestSupport.interruptible;
import static org.sndfuse.fuse.HandleTestSupport.nonblocking;
import static org.sndfuse.fuse.HandleTestSupport.readAvailable;
import static org.sndfuse.fuse.HandleTestSupport.write;
import static org.sndfuse.fuse.HandleTestSupport.PID;
import static org.sndfuse.fuse.HandleTestSupport.writeFails;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;
import org.sndfuse.events.EventBus;
import org.sndfuse.events.TimerEventPublisher;
import org.sndfuse.fuse.HandleTestSupport;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.Handle;
import org.sndfuse.timer.TimerCore;
import org.sndfuse.timer.TimerUser;

/** {@code events}: the live event stream as a reader sees it. */
class EventStreamHandleTest {
    private static final long SECOND = 1_000_000_000L;

    private final VirtualClock clock = new VirtualClock();
    private final TimerCore core = new TimerCore(clock, 250);
    private final EventBus bus = new EventBus(clock);
    private final List<Handle> handles = new ArrayList<>();
    private final List<TimerUser> users = new ArrayList<>();

    EventStreamHandleTest() {
        core.addObserver(new TimerEventPublisher(bus));
    }

    @AfterEach
    void releaseAll() {
        users.forEach(TimerUser::release);
        handles.forEach(Handle::release);
    }

    private EventStreamHandle open() {
        EventStreamHandle h = new EventStreamHandle(bus);
        handles.add(h);
        return h;
    }

    private TimerUser owner() {
        TimerUser u = new TimerUser(core, 55);
        users.add(u);
        return u;
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    @Test
    void linesFromTheMomentOfOpeningOnly() {
        bus.publish("before", "n=1");
        EventStreamHandle h = open();
        assertEquals("", readAvailable(h), "nothing published before the open");
        bus.publish("after", "n=2");
        bus.publish("bare", "");
        assertEquals("1.000000000 after n=2\n1.000000000 bare\n", readAvailable(h));
        EventStreamHandle late = open();
        bus.publish("third", null);
        assertEquals("1.000000000 third\n", readAvailable(late), "a later reader starts later");
        assertEquals("1.000000000 third\n", readAvailable(h));
    }

    @Test
    void utimerCreateTriggerDestroyLines() {
        EventStreamHandle h = open();
        TimerUser u = owner();
        u.create(20_000_000L);
        clock.advance(1_500_000L);
        u.trigger();
        u.trigger();
        clock.advance(SECOND);
        u.release();
        users.remove(u);
        assertEquals(List.of(
                "1.000000000 utimer-create id=0 name=snd-utimer0 resolution=20000000",
                "1.001500000 utimer-trigger id=0 count=1 total=1",
                "1.001500000 utimer-trigger id=0 count=1 total=2",
                "2.001500000 utimer-destroy id=0 ticks=2"), lines(readAvailable(h)));
    }

    @Test
    void triggersAboveTenPerSecondAreCoalesced() {
        EventStreamHandle h = open();
        TimerUser u = owner();
        u.create(1_000_000L);
        readAvailable(h);
        for (int i = 0; i < 25; i++) {
            u.trigger();
        }
        List<String> first = lines(readAvailable(h));
        assertEquals(TimerEventPublisher.INDIVIDUAL_PER_SECOND, first.size(), String.join("\n", first));
        for (int i = 0; i < first.size(); i++) {
            assertEquals("1.000000000 utimer-trigger id=0 count=1 total=" + (i + 1), first.get(i));
        }
        clock.advance(SECOND - 1);
        assertEquals("", readAvailable(h), "the sum waits for the end of the second");
        clock.advance(1);
        assertEquals(List.of("2.000000000 utimer-trigger id=0 count=15 total=25 coalesced=1"),
                lines(readAvailable(h)));
        clock.advance(SECOND);
        assertEquals("", readAvailable(h), "one sum line per window, none when quiet");
        u.trigger();
        assertEquals(List.of("3.000000000 utimer-trigger id=0 count=1 total=26"), lines(readAvailable(h)),
                "a new second starts with individual lines again");
    }

    @Test
    void destroyFlushesACoalescedWindow() {
        EventStreamHandle h = open();
        TimerUser u = owner();
        u.create(1_000_000L);
        for (int i = 0; i < 13; i++) {
            u.trigger();
        }
        u.release();
        users.remove(u);
        List<String> out = lines(readAvailable(h));
        assertEquals(1 + 10 + 1 + 1, out.size(), String.join("\n", out));
        assertEquals("1.000000000 utimer-trigger id=0 count=3 total=13 coalesced=1", out.get(11));
        assertEquals("1.000000000 utimer-destroy id=0 ticks=13", out.get(12));
        clock.advance(2 * SECOND);
        assertEquals("", readAvailable(h), "the window's end finds nothing more to say");
    }

    @Test
    void slowReaderGetsLostFirst() {
        EventStreamHandle h = open();
        int extra = 904;
        for (int i = 0; i < EventStreamHandle.CAPACITY + extra; i++) {
            bus.publish("ev", "n=" + i);
        }
        List<String> out = lines(readAvailable(h));
        assertEquals(EventStreamHandle.CAPACITY + 1, out.size());
        assertEquals("lost " + extra, out.get(0));
        assertEquals("1.000000000 ev n=" + extra, out.get(1), "the oldest lines were dropped");
        assertEquals("1.000000000 ev n=" + (EventStreamHandle.CAPACITY + extra - 1), out.get(out.size() - 1));
        bus.publish("ev", "n=again");
        assertEquals(List.of("1.000000000 ev n=again"), lines(readAvailable(h)), "lost is reported once");
    }

    @Test
    void exactlyCapacityLosesNothing() {
        EventStreamHandle h = open();
        for (int i = 0; i < EventStreamHandle.CAPACITY; i++) {
            bus.publish("ev", "n=" + i);
        }
        List<String> out = lines(readAvailable(h));
        assertEquals(EventStreamHandle.CAPACITY, out.size());
        assertTrue(out.stream().noneMatch(l -> l.startsWith("lost")));
    }

    @Test
    void aSlowReaderDoesNotHoldBackAFastOne() {
        EventStreamHandle slow = open();
        EventStreamHandle fast = open();
        for (int i = 0; i < EventStreamHandle.CAPACITY + 10; i++) {
            bus.publish("ev", "n=" + i);
            if (i % 100 == 0) {
                assertTrue(readAvailable(fast).length() > 0);
            }
        }
        assertTrue(readAvailable(fast).length() > 0);
        assertEquals("lost 10", lines(readAvailable(slow)).get(0));
    }

    @Test
    void byteAtATimeReadsOfAnEvent() {
        EventStreamHandle h = open();
        bus.publish("ping", "a=1");
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\n")) {
            byte[] r = h.read(0, 1, caller());
            assertEquals(1, r.length);
            b.append(new String(r, StandardCharsets.UTF_8));
        }
        assertEquals("1.000000000 ping a=1\n", b.toString());
        assertErrno(Errno.EAGAIN, () -> h.read(0, 1, nonblocking()));
    }

    @Test
    void blockedReaderWakesForTheNextEvent() throws Exception {
        EventStreamHandle h = open();
        AtomicInteger checks = new AtomicInteger();
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(
                () -> h.read(0, 4096, interruptible(() -> {
                    checks.incrementAndGet();
                    return false;
                })));
        while (checks.get() == 0 && !reader.isDone()) {
            Thread.onSpinWait();
        }
        bus.publish("wake", "x=1");
        assertEquals("1.000000000 wake x=1\n",
                new String(reader.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }

    @Test
    void pollReportsWhenALineArrives() {
        EventStreamHandle h = open();
        AtomicInteger woken = new AtomicInteger();
        assertEquals(0, h.poll(woken::incrementAndGet) & Handle.POLLIN);
        bus.publish("x", "");
        assertEquals(1, woken.get());
        assertTrue((h.poll(null) & Handle.POLLIN) != 0);
    }

    @Test
    void aWrittenLineReachesEveryReaderAsUser() {
        EventStreamHandle reader = open();
        EventStreamHandle other = open();
        EventStreamHandle writer = new EventStreamHandle(bus,
                new Caller(PID, 0, 0, Caller.O_WRONLY, HandleTestSupport.NEVER));
        handles.add(writer);
        assertEquals(2, bus.subscribers(), "a write-only open subscribes to nothing");
        write(writer, "rtp-stats packets=5 lost=0\n");
        for (EventStreamHandle h : List.of(reader, other)) {
            assertTrue(readAvailable(h).matches("[0-9]+\\.[0-9]{9} user rtp-stats packets=5 lost=0\n"));
        }
    }

    @Test
    void overlongOrControlCharacterLinesAreRefusedWithOneLine() {
        EventStreamHandle reader = open();
        EventStreamHandle h = open();
        writeFails(h, "x".repeat(EventStreamHandle.MAX_USER_LINE + 1) + "\n", Errno.EINVAL);
        assertEquals("error EINVAL: event line longer than 1024 bytes\n", readAvailable(h));
        writeFails(h, "bell\u0007\n", Errno.EINVAL);
        assertEquals("error EINVAL: event line holds control characters\n", readAvailable(h));
        assertEquals("", readAvailable(reader), "nothing was posted");
    }

    @Test
    void releaseUnsubscribes() {
        EventStreamHandle h = new EventStreamHandle(bus);
        assertEquals(1, bus.subscribers());
        h.release();
        assertEquals(0, bus.subscribers());
    }

    @Test
    void eventLinesHaveTheDocumentedShape() {
        EventStreamHandle h = open();
        TimerUser u = owner();
        u.create(5_000_000L);
        u.trigger();
        List<String> out = lines(readAvailable(h));
        List<String> bad = out.stream().filter(l -> !l.matches("\\d+\\.\\d{9} [a-z-]+( [a-z_]+=\\S+)*"))
                .collect(Collectors.toList());
        assertTrue(bad.isEmpty(), bad.toString());
    }

    /** A read parked by the low-level transport: the retry runs once, at the next line (or at once if one waits). */
    @org.junit.jupiter.api.Test
    void onReadableRunsTheRetryAtTheNextLineOnce() {
        EventStreamHandle h = open();
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        h.onReadable(runs::incrementAndGet);
        org.junit.jupiter.api.Assertions.assertEquals(0, runs.get(), "nothing to read: the retry waits");
        bus.publish("first", "n=1");
        org.junit.jupiter.api.Assertions.assertEquals(1, runs.get(), "the publishing thread ran it");
        bus.publish("second", "n=2");
        org.junit.jupiter.api.Assertions.assertEquals(1, runs.get(), "one-shot");
        h.onReadable(runs::incrementAndGet);
        org.junit.jupiter.api.Assertions.assertEquals(2, runs.get(), "lines are queued: at once");
    }
}
