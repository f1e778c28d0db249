package org.sndfuse.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.sndfuse.timer.TimerTestSupport.SYSTEM;
import static org.sndfuse.timer.TimerTestSupport.UTIMER_RES;
import static org.sndfuse.timer.TimerTestSupport.assertErrno;
import static org.sndfuse.timer.TimerTestSupport.newUser;
import static org.sndfuse.timer.TimerTestSupport.utimer;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.abi.timer.TimerInfo;
import org.sndfuse.abi.timer.TimerIoctl;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;

/** utimer CREATE / TRIGGER (docs/kernel-facts.md T3). */
class UserTimerCreateTest {
    private TimerCore core;

    @BeforeEach
    void setUp() {
        core = new TimerCore(new VirtualClock(), 250);
    }

    @Test
    void pversionIs208() {
        assertEquals(TimerIoctl.PROTOCOL_VERSION, newUser(core).pversion());
        assertEquals(0x00020008, newUser(core).pversion());
    }

    @Test
    void resolutionZeroIsEinvalAndTakesNoId() {
        TimerUser u = newUser(core);
        assertErrno(Errno.EINVAL, () -> u.create(0));
        assertNull(u.ownedTimer());
        assertErrno(Errno.ENODEV, () -> core.ginfo(utimer(0)));
        assertEquals(0, u.create(UTIMER_RES).number());
    }

    @Test
    void createdTimerIdentity() {
        TimerUser u = newUser(core);
        UserTimer t = u.create(551_250_000L);
        assertEquals(0, t.number());
        assertEquals(TimerId.global(4, 0), t.id());
        assertEquals("snd-utimer0", t.idString());
        assertEquals("", t.name());
        assertEquals(551_250_000L, t.resolution());
        assertEquals(1, t.hwTicks());
        assertSame(u, t.owner());
        assertSame(t, u.ownedTimer());
        assertSame(t, core.userTimer(0));
        assertSame(t, core.find(utimer(0)));
        assertEquals(true, t.isRegistered());
    }

    @Test
    void resolutionIsNotOtherwiseValidated() {
        assertEquals(1L, newUser(core).create(1L).resolution());
        assertEquals(10_000_000_000L, newUser(core).create(10_000_000_000L).resolution());
    }

    @Test
    void infoOfSelectedUtimer() {
        newUser(core).create(2_000_000L);
        newUser(core).create(3_000_000L);
        TimerUser l = newUser(core);
        l.select(utimer(1));
        TimerInfo i = l.info();
        assertEquals("snd-utimer1", i.id());
        assertEquals("", i.name());
        assertEquals(-1, i.card());
        assertEquals(0, i.flags());
        assertEquals(3_000_000L, i.resolution());
    }

    @Test
    void idsAreLowestFreeUpTo127ThenEnospc() {
        List<TimerUser> owners = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            TimerUser u = newUser(core);
            assertEquals(i, u.create(UTIMER_RES + i).number());
            assertEquals("snd-utimer" + i, core.ginfo(utimer(i)).id());
            owners.add(u);
        }
        TimerUser extra = newUser(core);
        assertErrno(Errno.ENOSPC, () -> extra.create(UTIMER_RES));
        assertNull(extra.ownedTimer());

        owners.get(5).release();
        assertEquals(5, extra.create(UTIMER_RES).number());

        owners.get(100).release();
        owners.get(3).release();
        assertEquals(3, newUser(core).create(UTIMER_RES).number());
        assertEquals(100, newUser(core).create(UTIMER_RES).number());
        assertErrno(Errno.ENOSPC, () -> newUser(core).create(UTIMER_RES));
    }

    @Test
    void idReusedAfterDestroy() {
        TimerUser a = newUser(core);
        TimerUser b = newUser(core);
        assertEquals(0, a.create(UTIMER_RES).number());
        assertEquals(1, b.create(UTIMER_RES).number());
        a.release();
        assertNull(core.userTimer(0));
        TimerUser c = newUser(core);
        UserTimer t = c.create(7_000_000L);
        assertEquals(0, t.number());
        assertEquals(7_000_000L, core.ginfo(utimer(0)).resolution());
    }

    @Test
    void secondCreateOnSameUserIsEbusy() {
        TimerUser u = newUser(core);
        UserTimer first = u.create(UTIMER_RES);
        assertErrno(Errno.EBUSY, () -> u.create(UTIMER_RES));
        assertSame(first, u.ownedTimer());
        assertNull(core.userTimer(1));
    }

    @Test
    void createWorksOnSelectedUser() {
        TimerUser u = newUser(core);
        u.select(SYSTEM);
        assertEquals(0, u.create(UTIMER_RES).number());
        assertEquals("system", u.info().id());
    }

    @Test
    void triggerWithoutOwnedTimerIsEnotty() {
        TimerUser u = newUser(core);
        assertErrno(Errno.ENOTTY, u::trigger);
        u.select(SYSTEM);
        assertErrno(Errno.ENOTTY, u::trigger);
        newUser(core).create(UTIMER_RES); // someone else's utimer does not help
        assertErrno(Errno.ENOTTY, u::trigger);
    }

    @Test
    void triggerWithoutListenersIsHarmlessAndCounted() {
        TimerUser u = newUser(core);
        UserTimer t = u.create(UTIMER_RES);
        u.trigger();
        u.trigger();
        assertEquals(2, t.triggers());
    }

    @Test
    void createAfterReleaseIsRefused() {
        TimerUser u = newUser(core);
        u.release();
        assertErrno(Errno.EBADF, () -> u.create(UTIMER_RES));
        assertNull(core.userTimer(0));
    }

    @Test
    void observersSeeLifecycle() {
        List<String> log = new ArrayList<>();
        core.addObserver(new TimerCoreObserver() {
            @Override
            public void userTimerCreated(UserTimer timer) {
                log.add("created " + timer.number());
            }

            @Override
            public void userTimerDestroyed(UserTimer timer) {
                log.add("destroyed " + timer.number());
            }

            @Override
            public void userTimerTriggered(UserTimer timer) {
                log.add("triggered " + timer.number());
            }
        });
        TimerUser u = newUser(core);
        assertNotNull(u.create(UTIMER_RES));
        u.trigger();
        u.release();
        assertEquals(List.of("created 0", "triggered 0", "destroyed 0"), log);
    }

    /** Two CREATEs racing on one descriptor: one owns a utimer, the other gets EBUSY, and no utimer is left over. */
    @Test
    void concurrentCreatesOnOneDescriptorLeaveOneUtimer() throws Exception {
        for (int round = 0; round < 50; round++) {
            TimerUser u = newUser(core);
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();
            Runnable create = () -> {
                try {
                    start.await();
                    u.create(UTIMER_RES);
                } catch (org.sndfuse.errno.SndException e) {
                    assertEquals(Errno.EBUSY, e.errno());
                    busy.incrementAndGet();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            Thread a = new Thread(create);
            Thread b = new Thread(create);
            a.start();
            b.start();
            a.join();
            b.join();
            assertEquals(1, busy.get());
            assertNotNull(u.ownedTimer());
            UserTimer owned = u.ownedTimer();
            assertSame(owned, core.userTimer(owned.number()));
            assertNull(core.userTimer(1 - owned.number()), "the loser's utimer is destroyed");
            u.release();
            assertNull(core.userTimer(owned.number()));
        }
    }
}
