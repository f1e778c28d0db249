package org.sndfuse.fuse.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.fuse.HandleTestSupport.assertErrno;
import static org.sndfuse.fuse.HandleTestSupport.bytes;
import static org.sndfuse.fuse.HandleTestSupport.caller;
import static org.sndfuse.fuse.HandleTestSupport.interruptible;
import static org.sndfuse.fuse.HandleTestSupport.nonblocking;
import static org.sndfuse.fuse.HandleTestSupport.readAvailable;
import static org.sndfuse.fuse.HandleTestSupport.write;
import static org.sndfuse.fuse.HandleTestSupport.writeFails;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.events.EventBus;
import org.sndfuse.fuse.shell.TimerShellHandle;
import org.sndfuse.fuse.shell.UtimerShellHandle;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.Handle;
import org.sndfuse.timer.TimerCore;

/**
 * The shared line protocol of the text control files, driven through its subclasses ({@code ctl/utimer} as a
 * request/answer file, {@code ctl/timer} and {@code events} as blocking streams) and a test-only echo subclass.
 */
class LineCommandHandleTest {
    private static final long FUTURE_TIMEOUT_S = 30;

    private final VirtualClock clock = new VirtualClock();
    private final TimerCore core = new TimerCore(clock, 250);
    private final List<Handle> opened = new ArrayList<>();

    @AfterEach
    void releaseAll() {
        for (Handle h : opened) {
            h.release();
        }
    }

    private UtimerShellHandle utimer() {
        UtimerShellHandle h = new UtimerShellHandle(core, caller());
        opened.add(h);
        return h;
    }

    private TimerShellHandle timerSession() {
        TimerShellHandle h = new TimerShellHandle(core, caller());
        opened.add(h);
        return h;
    }

    /** Records every command line and answers "ok LINE"; "fail ERRNO" throws it, "boom" throws a plain exception. */
    static final class Echo extends LineCommandHandle {
        final List<String> lines = new ArrayList<>();

        @Override
        protected String execute(String line, Caller caller) {
            lines.add(line);
            if (line.startsWith("fail ")) {
                throw new SndException(Integer.parseInt(line.substring(5)), "asked to fail");
            }
            if (line.equals("boom")) {
                throw new IllegalStateException("kaboom");
            }
            if (line.equals("silent")) {
                return null;
            }
            return "ok " + line + "\n";
        }

        @Override
        public void release() {
        }
    }

    /**
     * A command runs with only the session's command lock held: while one is in progress, the session's queued
     * output can still be read and polled (a reader never waits behind a command).
     */
    @Test
    void aRunningCommandDoesNotBlockReadersOfTheSession() throws Exception {
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch finish = new java.util.concurrent.CountDownLatch(1);
        LineCommandHandle h = new LineCommandHandle() {
            @Override
            protected String execute(String line, Caller caller) {
                if (line.equals("slow")) {
                    running.countDown();
                    try {
                        finish.await(FUTURE_TIMEOUT_S, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return "done " + line + "\n";
            }

            @Override
            public void release() {
            }
        };
        write(h, "first\n");
        CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> write(h, "slow\n"));
        assertTrue(running.await(FUTURE_TIMEOUT_S, TimeUnit.SECONDS));
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> readAvailable(h));
        assertEquals("done first\n", reader.get(5, TimeUnit.SECONDS), "read waited for the running command");
        assertTrue((h.poll(null) & Handle.POLLIN) != 0, "a request/answer file polls readable");
        finish.countDown();
        slow.get(FUTURE_TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals("done slow\n", readAvailable(h));
    }

    // ---- splitting into lines ----

    @Test
    void partialLineWaitsForItsNewlineAcrossWrites() {
        UtimerShellHandle h = utimer();
        write(h, "cre");
        assertEquals("", readAvailable(h), "nothing runs before the newline");
        write(h, "ate 20000");
        assertEquals("", readAvailable(h));
        write(h, "000\n");
        assertEquals("id 0\n", readAvailable(h));
        assertEquals(20_000_000L, core.userTimer(0).resolution(), "the pieces form one line");
    }

    @Test
    void partialLineWithEcho() {
        Echo h = new Echo();
        write(h, "a");
        write(h, "b");
        write(h, "c\nd");
        assertEquals(List.of("abc"), h.lines);
        write(h, "e\n");
        assertEquals(List.of("abc", "de"), h.lines);
        assertEquals("ok abc\nok de\n", readAvailable(h));
    }

    @Test
    void severalLinesInOneWrite() {
        UtimerShellHandle h = utimer();
        write(h, "create\ninfo\ntrigger 2\ninfo\n");
        assertEquals("id 0\n"
                + "id 0 name snd-utimer0 resolution 10000000 ticks 0 listeners 0\n"
                + "id 0 name snd-utimer0 resolution 10000000 ticks 2 listeners 0\n", readAvailable(h));
    }

    @Test
    void crlfLineEndingsAndSurroundingBlanksAreStripped() {
        UtimerShellHandle h = utimer();
        write(h, "  create 5000000  \r\n");
        assertEquals("id 0\n", readAvailable(h));
        assertEquals(5_000_000L, core.userTimer(0).resolution());
    }

    @Test
    void commentsAndBlankLinesAreIgnored() {
        Echo e = new Echo();
        write(e, "# a comment\n\n   \n\t# indented comment\nreal\n#tail\n");
        assertEquals(List.of("real"), e.lines, "only the command reaches execute");
        assertEquals("ok real\n", readAvailable(e));

        UtimerShellHandle h = utimer();
        write(h, "# just a comment\n\n\n");
        assertEquals("", readAvailable(h), "comments and blank lines answer nothing and raise no error");
        write(h, "# create\ncreate\n");
        assertEquals("id 0\n", readAvailable(h));
    }

    // ---- long lines ----

    @Test
    void lineOverMaxIsRefusedWithEinvalAndTheSessionGoesOn() {
        UtimerShellHandle h = utimer();
        String longLine = "x".repeat(LineCommandHandle.MAX_LINE + 904) + "\n";
        SndException e = writeFails(h, longLine, Errno.EINVAL);
        assertTrue(e.reason().contains("4096"), e.getMessage());
        assertEquals("error EINVAL: line longer than 4096 bytes\n", readAvailable(h));
        write(h, "create\n");
        assertEquals("id 0\n", readAvailable(h), "the session still works after a refused line");
    }

    @Test
    void lineOfExactlyMaxBytesIsStillExecuted() {
        Echo e = new Echo();
        String line = "y".repeat(LineCommandHandle.MAX_LINE);
        write(e, line + "\n");
        assertEquals(List.of(line), e.lines);
        Echo f = new Echo();
        writeFails(f, "y".repeat(LineCommandHandle.MAX_LINE + 1) + "\n", Errno.EINVAL);
        assertEquals(List.of(), f.lines, "one byte more is refused before execute");
    }

    @Test
    void longLineSpreadOverWritesFailsOnTheWriteThatEndsIt() {
        Echo e = new Echo();
        write(e, "z".repeat(3000));
        write(e, "z".repeat(3000)); // over the limit, but the line has not ended yet
        assertEquals("", readAvailable(e));
        writeFails(e, "zz\nnext\n", Errno.EINVAL);
        assertEquals(List.of("next"), e.lines, "the rest of the long line is dropped, the next line runs");
        assertEquals("error EINVAL: line longer than 4096 bytes\nok next\n", readAvailable(e));
    }

    @Test
    void longLineThenAValidCommandInTheSameWrite() {
        UtimerShellHandle h = utimer();
        writeFails(h, "q".repeat(5000) + "\ncreate\n", Errno.EINVAL);
        assertEquals("error EINVAL: line longer than 4096 bytes\nid 0\n", readAvailable(h));
        assertTrue(core.userTimer(0) != null, "the command after the long line ran");
    }

    // ---- errors ----

    @Test
    void binaryGarbageGivesOnePrintableErrorLine() {
        UtimerShellHandle h = utimer();
        byte[] garbage = {0x01, (byte) 0xff, (byte) 0xfe, (byte) 0x80, 0x7f, 'A', 0x00, 0x1b, '[', '2', 'J',
            (byte) 0xc3, 0x28, '\n'};
        SndException e = assertErrno(Errno.EINVAL, () -> h.write(0, garbage, caller()));
        String out = readAvailable(h);
        assertTrue(out.startsWith("error EINVAL: unknown command '"), out);
        assertEquals(1, out.chars().filter(c -> c == '\n').count(), "exactly one line: " + out);
        assertTrue(out.endsWith("\n"));
        for (char c : out.substring(0, out.length() - 1).toCharArray()) {
            assertTrue(c >= 0x20 && c < 0x7f, "non-printable char " + (int) c + " in " + out);
        }
        assertFalse(e.reason().isEmpty());
        write(h, "create\n");
        assertEquals("id 0\n", readAvailable(h));
    }

    @Test
    void longGarbageWordIsCutInTheMessage() {
        UtimerShellHandle h = utimer();
        writeFails(h, "w".repeat(1000) + "\n", Errno.EINVAL);
        String out = readAvailable(h);
        assertTrue(out.startsWith("error EINVAL: unknown command '" + "w".repeat(40) + "'"), out);
        assertFalse(out.contains("w".repeat(41)), out);
    }

    @Test
    void errorLineFormat() {
        UtimerShellHandle h = utimer();
        writeFails(h, "bogus\n", Errno.EINVAL);
        String out = readAvailable(h);
        assertTrue(out.matches("error EINVAL: unknown command 'bogus' \\(expected [^\\n]*\\)\\n"), out);
        writeFails(h, "trigger\n", Errno.ENOTTY);
        assertTrue(readAvailable(h).matches("error ENOTTY: [^\\n]+\\n"));
        Echo e = new Echo();
        writeFails(e, "fail " + Errno.EBADFD + "\n", Errno.EBADFD);
        assertEquals("error EBADFD: asked to fail\n", readAvailable(e));
    }

    @Test
    void writeThrowsTheFirstErrorsErrnoAndEveryLineStillRuns() {
        UtimerShellHandle h = utimer();
        SndException e = writeFails(h, "trigger\nbogus\ncreate\ncreate\n", Errno.ENOTTY);
        assertTrue(e.reason().contains("create"), e.getMessage());
        String[] lines = readAvailable(h).split("\n");
        assertEquals(4, lines.length, String.join("|", lines));
        assertTrue(lines[0].startsWith("error ENOTTY: "), lines[0]);
        assertTrue(lines[1].startsWith("error EINVAL: unknown command 'bogus'"), lines[1]);
        assertEquals("id 0", lines[2]);
        assertTrue(lines[3].startsWith("error EBUSY: "), lines[3]);
    }

    @Test
    void plainRuntimeExceptionBecomesEinval() {
        Echo e = new Echo();
        writeFails(e, "boom\nafter\n", Errno.EINVAL);
        assertEquals("error EINVAL: kaboom\nok after\n", readAvailable(e));
    }

    @Test
    void commandWithoutAnswerQueuesNothing() {
        Echo e = new Echo();
        write(e, "silent\n");
        assertEquals(List.of("silent"), e.lines);
        assertEquals("", readAvailable(e));
    }

    // ---- reads ----

    @Test
    void byteAtATimeReadsLikeBash() {
        UtimerShellHandle h = utimer();
        write(h, "create\ninfo\n");
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1000 && lines.size() < 2; i++) {
            byte[] b = h.read(0, 1, caller());
            assertEquals(1, b.length, "one byte per read while answers are queued");
            if (b[0] == '\n') {
                lines.add(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b[0]);
            }
        }
        assertEquals(List.of("id 0", "id 0 name snd-utimer0 resolution 10000000 ticks 0 listeners 0"), lines);
        assertArrayEquals(new byte[0], h.read(0, 1, caller()), "then end-of-file");
    }

    @Test
    void readsHandOutBytesInOrderAcrossSizes() {
        Echo e = new Echo();
        write(e, "abcdef\n"); // "ok abcdef\n" = 10 bytes
        assertEquals("ok ", new String(e.read(0, 3, caller()), StandardCharsets.UTF_8));
        write(e, "g\n");
        assertEquals("abcdef\nok g\n", new String(e.read(0, 100, caller()), StandardCharsets.UTF_8),
                "what was left, then the new answer");
    }

    @Test
    void requestAnswerFileReturnsEofWhenNothingIsQueued() {
        UtimerShellHandle h = utimer();
        assertArrayEquals(new byte[0], h.read(0, 4096, caller()), "blocking caller: EOF at once, no wait");
        assertArrayEquals(new byte[0], h.read(0, 4096, nonblocking()));
        write(h, "create\n");
        assertEquals("id 0\n", new String(h.read(0, 4096, caller()), StandardCharsets.UTF_8));
        assertArrayEquals(new byte[0], h.read(0, 4096, caller()), "EOF again once drained");
        assertEquals(Handle.POLLIN | Handle.POLLRDNORM | Handle.POLLOUT | Handle.POLLWRNORM, h.poll(null),
                "a request/answer file always polls readable");
    }

    @Test
    void nonBlockingReadOfABlockingStreamGivesEagain() {
        TimerShellHandle t = timerSession();
        assertErrno(Errno.EAGAIN, () -> t.read(0, 4096, nonblocking()));
        EventStreamHandle ev = new EventStreamHandle(new EventBus(clock));
        opened.add(ev);
        assertErrno(Errno.EAGAIN, () -> ev.read(0, 4096, nonblocking()));
    }

    @Test
    void errorAnswersOfABlockingStreamAreReadable() {
        TimerShellHandle t = timerSession();
        writeFails(t, "start\n", Errno.EBADFD);
        assertTrue(readAvailable(t).startsWith("error EBADFD: "));
        assertErrno(Errno.EAGAIN, () -> t.read(0, 4096, nonblocking()));
    }

    @Test
    void blockingReadOfAnInterruptedCallerGivesEintr() {
        TimerShellHandle t = timerSession();
        assertErrno(Errno.EINTR, () -> t.read(0, 4096, interruptible(() -> true)));
    }

    @Test
    void blockedReaderWakesWithEintrWhenInterruptedTurnsTrue() throws Exception {
        TimerShellHandle t = timerSession();
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicInteger polls = new AtomicInteger();
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(
                () -> t.read(0, 4096, interruptible(() -> {
                    polls.incrementAndGet();
                    return interrupted.get();
                })));
        // The reader checks its flag at least once before waiting; then it is blocked.
        while (polls.get() == 0 && !reader.isDone()) {
            Thread.onSpinWait();
        }
        assertFalse(reader.isDone(), "the read blocks while nothing is queued");
        interrupted.set(true);
        ExecutionException ex = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> reader.get(FUTURE_TIMEOUT_S, TimeUnit.SECONDS));
        assertTrue(ex.getCause() instanceof SndException, String.valueOf(ex.getCause()));
        assertEquals(Errno.EINTR, ((SndException) ex.getCause()).errno());
    }

    @Test
    void blockedReaderGetsTheLineThatArrives() throws Exception {
        TimerShellHandle t = timerSession();
        AtomicInteger polls = new AtomicInteger();
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(
                () -> t.read(0, 4096, interruptible(() -> {
                    polls.incrementAndGet();
                    return false;
                })));
        while (polls.get() == 0 && !reader.isDone()) {
            Thread.onSpinWait();
        }
        writeFails(t, "bogus\n", Errno.EINVAL);
        String got = new String(reader.get(FUTURE_TIMEOUT_S, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        assertTrue(got.startsWith("error EINVAL: unknown command 'bogus'"), got);
    }

    @Test
    void readAfterDisconnectGivesEnodevOnceTheQueueIsDrained() {
        UtimerShellHandle h = utimer();
        write(h, "create\n");
        h.disconnect();
        assertEquals("id 0\n", new String(h.read(0, 4096, caller()), StandardCharsets.UTF_8),
                "queued answers are still delivered");
        assertErrno(Errno.ENODEV, () -> h.read(0, 4096, caller()));

        TimerShellHandle t = timerSession();
        t.disconnect();
        assertErrno(Errno.ENODEV, () -> t.read(0, 4096, caller()));
        assertErrno(Errno.ENODEV, () -> t.read(0, 4096, nonblocking()));
        assertTrue((t.poll(null) & Handle.POLLIN) != 0, "a disconnected stream polls readable (the read fails)");
    }

    @Test
    void disconnectWakesABlockedReaderWithEnodev() throws Exception {
        EventStreamHandle ev = new EventStreamHandle(new EventBus(clock));
        opened.add(ev);
        AtomicInteger polls = new AtomicInteger();
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(
                () -> ev.read(0, 4096, interruptible(() -> {
                    polls.incrementAndGet();
                    return false;
                })));
        while (polls.get() == 0 && !reader.isDone()) {
            Thread.onSpinWait();
        }
        ev.disconnect();
        ExecutionException ex = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> reader.get(FUTURE_TIMEOUT_S, TimeUnit.SECONDS));
        assertEquals(Errno.ENODEV, ((SndException) ex.getCause()).errno());
    }

    @Test
    void pollOfABlockingStreamWaitsForAnAnswer() {
        TimerShellHandle t = timerSession();
        AtomicInteger woken = new AtomicInteger();
        int mask = t.poll(woken::incrementAndGet);
        assertEquals(0, mask & Handle.POLLIN, "nothing to read yet");
        assertEquals(Handle.POLLOUT | Handle.POLLWRNORM, mask & (Handle.POLLOUT | Handle.POLLWRNORM));
        assertEquals(0, woken.get());
        writeFails(t, "nope\n", Errno.EINVAL);
        assertEquals(1, woken.get(), "the error answer wakes the poller once");
        assertTrue((t.poll(null) & Handle.POLLIN) != 0);
    }

    @Test
    void writeReturnsTheFullLengthForBytesOfCommands() {
        UtimerShellHandle h = utimer();
        byte[] data = bytes("create\n# c\n\ninfo\n");
        assertEquals(data.length, h.write(0, data, caller()));
    }
}
