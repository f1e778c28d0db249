package org.sndfuse.fuse.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.fuse.HandleTestSupport.caller;
import static org.sndfuse.fuse.HandleTestSupport.readAvailable;
import static org.sndfuse.fuse.HandleTestSupport.write;
import static org.sndfuse.fuse.HandleTestSupport.writeFails;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;
import org.sndfuse.timer.Timer;
import org.sndfuse.timer.TimerCore;
import org.sndfuse.timer.TimerUser;

/** {@code ctl/timer}: a timer client in text, against a real core on a virtual clock. */
class TimerShellHandleTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private final VirtualClock clock = new VirtualClock();
    private final TimerCore core = new TimerCore(clock, 250);
    private final List<TimerShellHandle> sessions = new ArrayList<>();
    private final List<TimerUser> owners = new ArrayList<>();

    @AfterEach
    void releaseAll() {
        sessions.forEach(TimerShellHandle::release);
        owners.forEach(TimerUser::release);
    }

    private TimerShellHandle open() {
        TimerShellHandle h = new TimerShellHandle(core, caller());
        sessions.add(h);
        return h;
    }

    /** A utimer made by another descriptor; returns its owner (who may trigger it). */
    private TimerUser utimer(long resolution) {
        TimerUser owner = new TimerUser(core, 99);
        owners.add(owner);
        owner.create(resolution);
        return owner;
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    private static long tickSum(List<String> lines) {
        long sum = 0;
        for (String l : lines) {
            if (l.startsWith("tick ")) {
                assertTrue(l.matches("tick \\d+ \\d+\\.\\d{9}"), l);
                sum += Long.parseLong(l.split(" ")[1]);
            }
        }
        return sum;
    }

    private static List<String> kinds(List<String> lines) {
        return lines.stream().map(l -> l.split(" ")[0]).collect(Collectors.toList());
    }

    private String infoAfterSelect(String selector) {
        TimerShellHandle h = open();
        write(h, "select " + selector + "\ninfo\n");
        return readAvailable(h);
    }

    // ---- select ----

    @Test
    void selectSystemByEveryName() {
        String expected = "info card -1 id system resolution 4000000 slave 0 name system timer\n";
        assertEquals(expected, infoAfterSelect("system"));
        assertEquals(expected, infoAfterSelect("G0"));
        assertEquals(expected, infoAfterSelect("G0.0"));
        assertEquals(expected, infoAfterSelect("global 0"));
        assertEquals(expected, infoAfterSelect("global 0 0"));
    }

    @Test
    void selectHrtimerByEveryName() {
        String expected = "info card -1 id hrtimer resolution 1 slave 0 name HR timer\n";
        assertEquals(expected, infoAfterSelect("hrtimer"));
        assertEquals(expected, infoAfterSelect("G3"));
        assertEquals(expected, infoAfterSelect("global 3"));
    }

    @Test
    void selectUtimerByEveryName() {
        utimer(20 * MS); // id 0
        utimer(5 * MS); // id 1
        assertEquals("info card -1 id snd-utimer0 resolution 20000000 slave 0 name \n", infoAfterSelect("G4.0"));
        assertEquals("info card -1 id snd-utimer0 resolution 20000000 slave 0 name \n", infoAfterSelect("G4"));
        assertEquals("info card -1 id snd-utimer1 resolution 5000000 slave 0 name \n", infoAfterSelect("G4.1"));
        assertEquals("info card -1 id snd-utimer1 resolution 5000000 slave 0 name \n", infoAfterSelect("global 4 1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"C0-1", "P0-0-0", "card 0 1", "pcm 0 0 0", "G4.5", "G1", "global 4 127", "global 2"})
    void selectOfATimerThatDoesNotExistIsEnodev(String selector) {
        TimerShellHandle h = open();
        writeFails(h, "select " + selector + "\n", Errno.ENODEV);
        assertTrue(readAvailable(h).startsWith("error ENODEV: "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"select", "select foo", "select G", "select G4.", "select G4.x", "select Gx",
        "select g0", "select C0", "select P0-0", "select global", "select global x", "select global 1 2 3",
        "select card 0", "select pcm 0 0", "select system extra", "select G99999999999", "select -1.4.0"})
    void unparsableSelectIsEinval(String line) {
        TimerShellHandle h = open();
        writeFails(h, line + "\n", Errno.EINVAL);
        String out = readAvailable(h);
        assertTrue(out.startsWith("error EINVAL: "), out);
        assertEquals(1, lines(out).size(), out);
    }

    @Test
    void selectOfAMissingTimerLeavesTheSessionUnselected() {
        TimerShellHandle h = open();
        write(h, "select system\nstart\n");
        Timer system = core.find(TimerId.global(TimerId.GLOBAL_SYSTEM, 0));
        assertEquals(1, system.clients());
        writeFails(h, "select G4.9\n", Errno.ENODEV);
        assertEquals(0, system.clients(), "the previous instance is closed");
        readAvailable(h);
        writeFails(h, "start\n", Errno.EBADFD);
        writeFails(h, "info\n", Errno.EBADFD);
        writeFails(h, "status\n", Errno.EBADFD);
        writeFails(h, "params ticks=1\n", Errno.EBADFD);
        clock.advance(SECOND);
        assertEquals(0, tickSum(lines(readAvailable(h))), "no ticks from the old selection");
        write(h, "select system\n");
        assertEquals(1, system.clients(), "a good select afterwards works");
    }

    // ---- events as lines ----

    @Test
    void systemTimerTicksForOneSecond() {
        TimerShellHandle h = open();
        write(h, "select system\nstart\n");
        clock.advance(SECOND);
        List<String> out = lines(readAvailable(h));
        assertFalse(out.isEmpty());
        assertEquals("start 4000000 1.000000000", out.get(0));
        assertTrue(out.get(0).matches("start 4000000 \\d+\\.\\d{9}"));
        assertEquals(250, tickSum(out), String.join("|", out));
        for (String l : out.subList(1, out.size())) {
            assertTrue(l.startsWith("tick "), l);
        }
        clock.advance(SECOND);
        assertEquals(250, tickSum(lines(readAvailable(h))), "it keeps ticking (auto)");
    }

    @Test
    void tickLineTimestampIsTheClock() {
        TimerShellHandle h = open();
        write(h, "select system\nstart\n");
        readAvailable(h);
        clock.advance(4 * MS);
        assertEquals(List.of("tick 1 1.004000000"), lines(readAvailable(h)));
    }

    @Test
    void utimerTicksArriveAsLines() {
        TimerUser owner = utimer(20 * MS);
        TimerShellHandle h = open();
        write(h, "select G4.0\nstart\n");
        owner.trigger();
        owner.trigger();
        owner.trigger();
        List<String> out = lines(readAvailable(h));
        assertEquals(2, out.size(), String.join("|", out));
        assertEquals("start 20000000 1.000000000", out.get(0));
        assertEquals("tick 3 1.000000000", out.get(1), "unread ticks merge into one line");
    }

    @Test
    void selectSetsTicksForTheOneMillisecondBound() {
        TimerShellHandle h = open();
        write(h, "select hrtimer\nstart\n");
        clock.advance(10 * MS);
        List<String> out = lines(readAvailable(h));
        assertEquals("start 1 1.000000000", out.get(0));
        assertEquals(10_000_000L, tickSum(out), "1 ns ticks, a callback every 1 ms of 1e6 ticks");
    }

    // ---- params ----

    @Test
    void paramsAcceptsEveryKey() {
        TimerShellHandle h = open();
        write(h, "select system\n");
        write(h, "params ticks=2 queue=64 auto=1 exclusive=0 early=0 filter=tick,start\n");
        assertEquals("", readAvailable(h));
        write(h, "start\n");
        clock.advance(4 * MS);
        List<String> out = lines(readAvailable(h));
        assertEquals(List.of("start 4000000 1.000000000"), out, "ticks=2: nothing after one 4 ms period");
        clock.advance(4 * MS);
        assertEquals(List.of("tick 2 1.008000000"), lines(readAvailable(h)), "two ticks at once after 8 ms");
        clock.advance(SECOND);
        assertEquals(250, tickSum(lines(readAvailable(h))));
        write(h, "stop\n");
        assertEquals("", readAvailable(h), "stop is not in filter=tick,start");
    }

    @Test
    void paramsAutoZeroFiresOnce() {
        TimerShellHandle h = open();
        write(h, "select system\nparams auto=0 ticks=3\nstart\n");
        clock.advance(SECOND);
        List<String> out = lines(readAvailable(h));
        assertEquals(List.of("start", "tick"), kinds(out), String.join("|", out));
        assertEquals(3, tickSum(out));
    }

    @Test
    void paramsEarlyQueuesAnEarlyEvent() {
        TimerShellHandle h = open();
        write(h, "select system\nparams early=1\n");
        assertEquals(List.of("early 0 0.000000000"), lines(readAvailable(h)));
    }

    @Test
    void paramsExclusiveKeepsOtherSessionsOut() {
        TimerShellHandle h = open();
        write(h, "select system\nparams exclusive=1\n");
        TimerShellHandle other = open();
        writeFails(other, "select system\n", Errno.EBUSY);
        write(h, "params exclusive=0\n");
        write(other, "select system\n");
    }

    @Test
    void paramsFilterNoneSilencesEverything() {
        TimerShellHandle h = open();
        write(h, "select system\nparams filter=none\nstart\n");
        clock.advance(SECOND);
        assertEquals("", readAvailable(h));
        write(h, "params filter=\nstart\n");
        assertEquals("", readAvailable(h), "an empty filter is none too");
        write(h, "params filter=tick,start,stop,continue,pause,resolution\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ticks=0", "ticks=x", "ticks=-1", "queue=5", "queue=2000", "queue=x", "auto=2",
        "auto=yes", "exclusive=", "early=x", "filter=bogus", "filter=tick,,start", "filter=early", "foo=1", "ticks",
        "=1", "ticks=1 bar=2"})
    void badParamsAreEinval(String words) {
        TimerShellHandle h = open();
        write(h, "select system\n");
        writeFails(h, "params " + words + "\n", Errno.EINVAL);
        String out = readAvailable(h);
        assertTrue(out.startsWith("error EINVAL: "), out);
    }

    @Test
    void ticksBelowTheOneMillisecondBoundAreEinval() {
        TimerShellHandle h = open();
        write(h, "select hrtimer\n");
        writeFails(h, "params ticks=999999\n", Errno.EINVAL);
        write(h, "params ticks=1000000\n");
    }

    @Test
    void paramsBeforeSelectIsEbadfd() {
        TimerShellHandle h = open();
        writeFails(h, "params ticks=1\n", Errno.EBADFD);
        writeFails(h, "params\n", Errno.EBADFD);
    }

    @Test
    void refusedParamsDoNotPoisonLaterOnes() {
        TimerShellHandle h = open();
        write(h, "select system\n");
        writeFails(h, "params ticks=0\n", Errno.EINVAL);
        readAvailable(h);
        write(h, "params queue=64\n");
        assertEquals("", readAvailable(h));
    }

    @Test
    void refusedParamsLeaveTheRunningParametersInForce() {
        TimerShellHandle h = open();
        write(h, "select system\nparams ticks=5\n");
        writeFails(h, "params ticks=0\n", Errno.EINVAL);
        readAvailable(h);
        write(h, "start\n");
        clock.advance(19 * MS);
        assertEquals(0, tickSum(lines(readAvailable(h))), "start uses the last accepted ticks (5 x 4 ms)");
        clock.advance(MS);
        assertEquals(5, tickSum(lines(readAvailable(h))));
    }

    // ---- info / status ----

    @Test
    void statusLineFormat() {
        TimerShellHandle h = open();
        write(h, "select system\nstatus\n");
        String before = readAvailable(h);
        assertTrue(before.matches("status tstamp \\d+\\.\\d{9} resolution \\d+ lost 0 overrun 0 queue 0\\n"), before);
        write(h, "start\n");
        clock.advance(8 * MS);
        readAvailable(h);
        write(h, "status\n");
        assertEquals("status tstamp 1.000000000 resolution 4000000 lost 0 overrun 0 queue 0\n", readAvailable(h));
    }

    @Test
    void statusCountsQueuedRecords() {
        TimerShellHandle h = open();
        write(h, "select system\nparams filter=start,stop\nstart\nstop\nstatus\n");
        // The status line is queued after the two event lines it counts, but refill moves events first only
        // when the output is empty: read everything and look at the status line.
        List<String> out = lines(readAvailable(h));
        String status = out.stream().filter(l -> l.startsWith("status ")).findFirst().orElseThrow();
        assertTrue(status.endsWith(" queue 2"), String.join("|", out));
    }

    @Test
    void infoAndStatusBeforeSelectAreEbadfd() {
        TimerShellHandle h = open();
        writeFails(h, "info\n", Errno.EBADFD);
        writeFails(h, "status\n", Errno.EBADFD);
        writeFails(h, "start\n", Errno.EBADFD);
        writeFails(h, "stop\n", Errno.EBADFD);
        writeFails(h, "pause\n", Errno.EBADFD);
        writeFails(h, "continue\n", Errno.EBADFD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"start now", "stop 1", "pause x", "continue 2", "info x", "status 1"})
    void commandsWithoutArgumentsRefuseThem(String line) {
        TimerShellHandle h = open();
        write(h, "select system\n");
        writeFails(h, line + "\n", Errno.EINVAL);
        assertTrue(readAvailable(h).matches("error EINVAL: \\w+ takes 0 arguments, got \\d+\\n"));
    }

    @Test
    void unknownCommandIsEinval() {
        TimerShellHandle h = open();
        writeFails(h, "resume\n", Errno.EINVAL);
        assertEquals("error EINVAL: unknown command 'resume' (expected select, params, start, stop, pause, continue,"
                + " info or status)\n", readAvailable(h));
    }

    // ---- stop / pause / continue ----

    @Test
    void stopPauseContinue() {
        TimerShellHandle h = open();
        write(h, "select system\nstart\n");
        clock.advance(8 * MS);
        write(h, "pause\n");
        clock.advance(SECOND);
        write(h, "continue\n");
        clock.advance(4 * MS);
        write(h, "stop\n");
        clock.advance(SECOND);
        List<String> out = lines(readAvailable(h));
        assertEquals(List.of("start", "tick", "pause", "continue", "tick", "stop"), kinds(out), String.join("|", out));
        assertEquals(3, tickSum(out), "2 ticks before the pause, 1 after");
        assertTrue(out.get(2).matches("pause \\d+ 1\\.008000000"), out.get(2));
        assertTrue(out.get(3).matches("continue \\d+ 2\\.008000000"), out.get(3));
        assertTrue(out.get(5).matches("stop \\d+ 2\\.012000000"), out.get(5));
    }

    @Test
    void stopAndPauseWhenNotRunningAreEbusy() {
        TimerShellHandle h = open();
        write(h, "select system\n");
        writeFails(h, "stop\n", Errno.EBUSY);
        writeFails(h, "pause\n", Errno.EBUSY);
        write(h, "start\nstop\n");
        writeFails(h, "stop\n", Errno.EBUSY);
    }

    @Test
    void continueWhenNotPausedStarts() {
        // As snd_timer_user_continue(): an instance that is not paused gets a START instead.
        TimerShellHandle h = open();
        write(h, "select system\ncontinue\n");
        clock.advance(4 * MS);
        assertEquals(List.of("start", "tick"), kinds(lines(readAvailable(h))));
    }

    @Test
    void startAgainRestarts() {
        TimerShellHandle h = open();
        write(h, "select system\nstart\n");
        clock.advance(2 * MS);
        write(h, "start\n");
        clock.advance(3 * MS);
        assertEquals(0, tickSum(lines(readAvailable(h))), "the countdown restarted at 1.002");
        clock.advance(MS);
        assertEquals(1, tickSum(lines(readAvailable(h))));
    }

    @Test
    void releaseClosesTheInstance() {
        TimerShellHandle h = open();
        write(h, "select system\nstart\n");
        Timer system = core.find(TimerId.global(TimerId.GLOBAL_SYSTEM, 0));
        assertEquals(1, system.clients());
        h.release();
        assertEquals(0, system.clients());
        assertNull(core.userTimer(0));
    }

    @Test
    void utimerDestroyedUnderASession() {
        TimerUser owner = utimer(20 * MS);
        TimerShellHandle h = open();
        write(h, "select G4.0\nstart\n");
        owner.release();
        owners.remove(owner);
        writeFails(h, "info\n", Errno.EBADFD);
        writeFails(h, "params ticks=1\n", Errno.EBADFD);
        writeFails(h, "start\n", Errno.EINVAL);
        readAvailable(h);
        writeFails(h, "select G4.0\n", Errno.ENODEV);
    }
}
