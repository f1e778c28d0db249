package org.sndfuse.fuse.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.fuse.HandleTestSupport.assertErrno;
import static org.sndfuse.fuse.HandleTestSupport.caller;
import static org.sndfuse.fuse.HandleTestSupport.readAvailable;
import static org.sndfuse.fuse.HandleTestSupport.write;
import static org.sndfuse.fuse.HandleTestSupport.writeFails;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.abi.timer.TimerParams;
import org.sndfuse.abi.timer.TimerRead;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.timer.TimerCore;
import org.sndfuse.timer.TimerUser;
import org.sndfuse.timer.UserTimer;

/** {@code ctl/utimer}: create / trigger / info in text against a real timer core. */
class UtimerShellHandleTest {
    private final VirtualClock clock = new VirtualClock();
    private final TimerCore core = new TimerCore(clock, 250);
    private final List<UtimerShellHandle> handles = new ArrayList<>();
    private final List<TimerUser> users = new ArrayList<>();

    @AfterEach
    void releaseAll() {
        handles.forEach(UtimerShellHandle::release);
        users.forEach(TimerUser::release);
    }

    private UtimerShellHandle open() {
        UtimerShellHandle h = new UtimerShellHandle(core, caller());
        handles.add(h);
        return h;
    }

    /** A plain-read listener on G4.id with AUTO, ticks=1, started. */
    private TimerUser listener(int id) {
        TimerUser u = new TimerUser(core, 777);
        users.add(u);
        u.select(TimerId.global(TimerId.GLOBAL_UDRIVEN, id));
        u.params(new TimerParams(TimerParams.PSFLG_AUTO, 1, 0, 0));
        u.start();
        return u;
    }

    private static long ticksRead(TimerUser u) {
        long sum = 0;
        while (true) {
            byte[] data;
            try {
                data = u.read(64 * TimerRead.SIZE, true, () -> false);
            } catch (SndException e) {
                assertEquals(Errno.EAGAIN, e.errno(), e.getMessage());
                return sum;
            }
            for (int off = 0; off + TimerRead.SIZE <= data.length; off += TimerRead.SIZE) {
                sum += TimerRead.decode(java.util.Arrays.copyOfRange(data, off, off + TimerRead.SIZE)).ticks();
            }
        }
    }

    @Test
    void createAnswersTheId() {
        UtimerShellHandle a = open();
        write(a, "create\n");
        assertEquals("id 0\n", readAvailable(a));
        UtimerShellHandle b = open();
        write(b, "create 20000000\n");
        assertEquals("id 1\n", readAvailable(b), "the next free id");
        UserTimer u = core.userTimer(1);
        assertNotNull(u);
        assertEquals(20_000_000L, u.resolution());
    }

    @Test
    void defaultResolutionIsTenMilliseconds() {
        UtimerShellHandle h = open();
        write(h, "create\n");
        readAvailable(h);
        assertEquals(10_000_000L, UtimerShellHandle.DEFAULT_RESOLUTION_NS);
        assertEquals(10_000_000L, core.userTimer(0).resolution());
        assertEquals("snd-utimer0", core.userTimer(0).idString());
    }

    @Test
    void triggerCountFiresThatManyTicksForAListener() {
        UtimerShellHandle h = open();
        write(h, "create\n");
        assertEquals("id 0\n", readAvailable(h));
        TimerUser l = listener(0);
        write(h, "trigger 5\n");
        assertEquals("", readAvailable(h), "trigger answers nothing");
        assertEquals(5, ticksRead(l));
        write(h, "trigger\n");
        assertEquals(1, ticksRead(l), "trigger without a count is one tick");
        write(h, "trigger 0\n");
        assertEquals(0, ticksRead(l), "trigger 0 fires nothing");
        assertEquals(6, core.userTimer(0).triggers());
    }

    @Test
    void infoLineFormat() {
        UtimerShellHandle h = open();
        write(h, "create 551250000\n");
        readAvailable(h);
        listener(0);
        write(h, "trigger 3\ninfo\n");
        assertEquals("id 0 name snd-utimer0 resolution 551250000 ticks 3 listeners 1\n", readAvailable(h));
    }

    @Test
    void releaseDestroysTheUtimer() {
        UtimerShellHandle h = open();
        write(h, "create\n");
        readAvailable(h);
        assertNotNull(core.userTimer(0));
        h.release();
        assertNull(core.userTimer(0));
        assertNull(core.find(TimerId.global(TimerId.GLOBAL_UDRIVEN, 0)), "unregistered from the core");
        UtimerShellHandle again = open();
        write(again, "create\n");
        assertEquals("id 0\n", readAvailable(again), "the id is free for reuse");
    }

    @Test
    void releaseWithoutCreateIsHarmless() {
        UtimerShellHandle h = open();
        h.release();
        h.release();
        assertNull(core.userTimer(0));
    }

    @Test
    void createZeroIsEinval() {
        UtimerShellHandle h = open();
        writeFails(h, "create 0\n", Errno.EINVAL);
        assertTrue(readAvailable(h).startsWith("error EINVAL: "));
        assertNull(core.userTimer(0));
        write(h, "create\n");
        assertEquals("id 0\n", readAvailable(h), "a failed create leaves the session free to create");
    }

    @Test
    void badResolutionIsEinval() {
        UtimerShellHandle h = open();
        for (String bad : new String[] {"create -1", "create ten", "create 1.5", "create 99999999999999999999"}) {
            writeFails(h, bad + "\n", Errno.EINVAL);
            String out = readAvailable(h);
            assertTrue(out.startsWith("error EINVAL: resolution must be a non-negative integer"), bad + " -> " + out);
        }
        assertNull(core.userTimer(0));
    }

    @Test
    void triggerBeforeCreateIsEnotty() {
        UtimerShellHandle h = open();
        writeFails(h, "trigger\n", Errno.ENOTTY);
        assertTrue(readAvailable(h).startsWith("error ENOTTY: no utimer in this session"));
        writeFails(h, "trigger 3\n", Errno.ENOTTY);
        writeFails(h, "info\n", Errno.ENOTTY);
    }

    @Test
    void secondCreateIsEbusy() {
        UtimerShellHandle h = open();
        write(h, "create\n");
        readAvailable(h);
        writeFails(h, "create\n", Errno.EBUSY);
        assertTrue(readAvailable(h).startsWith("error EBUSY: "));
        assertNull(core.userTimer(1), "no second utimer");
        write(h, "info\n");
        assertTrue(readAvailable(h).startsWith("id 0 "), "the first utimer is untouched");
    }

    @Test
    void badCountIsEinval() {
        UtimerShellHandle h = open();
        write(h, "create\n");
        readAvailable(h);
        TimerUser l = listener(0);
        for (String bad : new String[] {"trigger -1", "trigger x", "trigger 2.5", "trigger 1000001"}) {
            writeFails(h, bad + "\n", Errno.EINVAL);
            assertTrue(readAvailable(h).startsWith("error EINVAL: count must be"), bad);
        }
        assertEquals(0, ticksRead(l), "no tick from a refused trigger");
        assertEquals(0, core.userTimer(0).triggers());
    }

    @Test
    void tooManyArgumentsIsEinval() {
        UtimerShellHandle h = open();
        writeFails(h, "create 1000000 2\n", Errno.EINVAL);
        assertEquals("error EINVAL: create takes 0..1 argument, got 2\n", readAvailable(h));
        assertNull(core.userTimer(0));
        write(h, "create\n");
        readAvailable(h);
        writeFails(h, "trigger 1 2\n", Errno.EINVAL);
        assertEquals("error EINVAL: trigger takes 0..1 argument, got 2\n", readAvailable(h));
        writeFails(h, "info now\n", Errno.EINVAL);
        assertEquals("error EINVAL: info takes 0 arguments, got 1\n", readAvailable(h));
        assertEquals(0, core.userTimer(0).triggers());
    }

    @Test
    void unknownCommandIsEinval() {
        UtimerShellHandle h = open();
        writeFails(h, "destroy\n", Errno.EINVAL);
        assertEquals("error EINVAL: unknown command 'destroy' (expected create [RESOLUTION_NS], trigger [COUNT] or info)\n",
                readAvailable(h));
        writeFails(h, "CREATE\n", Errno.EINVAL);
        assertTrue(readAvailable(h).startsWith("error EINVAL: unknown command 'CREATE'"), "commands are case-sensitive");
    }

    @Test
    void disconnectWakesTheSessionsTimerUser() {
        UtimerShellHandle h = open();
        write(h, "create\n");
        h.disconnect();
        assertEquals("id 0\n", new String(h.read(0, 100, caller()), java.nio.charset.StandardCharsets.UTF_8));
        assertErrno(Errno.ENODEV, () -> h.read(0, 100, caller()));
        assertNotNull(core.userTimer(0), "disconnect alone does not destroy; release does");
    }
}
