package org.sndfuse.timer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.sndfuse.timer.TimerTestSupport.AUTO;
import static org.sndfuse.timer.TimerTestSupport.SYSTEM;
import static org.sndfuse.timer.TimerTestSupport.UTIMER_RES;
import static org.sndfuse.timer.TimerTestSupport.assertErrno;
import static org.sndfuse.timer.TimerTestSupport.awaitBlocked;
import static org.sndfuse.timer.TimerTestSupport.drainTicks;
import static org.sndfuse.timer.TimerTestSupport.newUser;
import static org.sndfuse.timer.TimerTestSupport.params;
import static org.sndfuse.timer.TimerTestSupport.plainListener;
import static org.sndfuse.timer.TimerTestSupport.readPlain;
import static org.sndfuse.timer.TimerTestSupport.triggers;
import static org.sndfuse.timer.TimerTestSupport.utimer;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.abi.timer.TimerRead;
import org.sndfuse.abi.timer.TimerStatus;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/** A utimer's owner goes away under its listeners (kernel-facts T3 table), and release() in general. */
class UserTimerDestroyTest {
    private VirtualClock clock;
    private TimerCore core;
    private TimerUser owner;
    private UserTimer timer;

    @BeforeEach
    void setUp() {
        clock = new VirtualClock(2_000_000_000L);
        core = new TimerCore(clock, 250);
        owner = newUser(core);
        timer = owner.create(UTIMER_RES);
    }

    @Nested
    class Detached {
        private TimerUser listener;

        @BeforeEach
        void destroyUnderRunningListener() {
            listener = plainListener(core, 0); // START at 2.0 s
            triggers(owner, 3);
            clock.advance(1);
            owner.release();
        }

        @Test
        void infoAndParamsAreEbadfd() {
            assertErrno(Errno.EBADFD, listener::info);
            assertErrno(Errno.EBADFD, () -> listener.params(params(AUTO, 1)));
        }

        @Test
        void startStopPauseContinueAreEinval() {
            assertErrno(Errno.EINVAL, listener::start);
            assertErrno(Errno.EINVAL, listener::stop);
            assertErrno(Errno.EINVAL, listener::pause);
            assertErrno(Errno.EINVAL, listener::continueTimer);
        }

        @Test
        void statusStillWorksWithResolutionZero() {
            TimerStatus s = listener.status();
            assertEquals(0, s.resolution());
            assertEquals(0, s.lost());
            assertEquals(0, s.overrun());
            assertEquals(1, s.queue());
            assertEquals(2, s.tstampSec());
            assertEquals(0, s.tstampNsec());
        }

        @Test
        void queuedTicksAreStillReadableThenEagain() {
            assertEquals(List.of(new TimerRead(UTIMER_RES, 3)), readPlain(listener));
            assertErrno(Errno.EAGAIN, () -> listener.read(8, true, () -> false));
        }

        @Test
        void pollNeverReportsPollerr() {
            assertEquals(TimerUser.POLLIN | TimerUser.POLLRDNORM, listener.poll(null));
            readPlain(listener);
            assertEquals(0, listener.poll(null));
        }

        @Test
        void noMoreTicksFromTheOldTimer() {
            readPlain(listener);
            timer.trigger(); // the freed timer object, fired directly
            assertEquals(0, drainTicks(listener));
            assertFalse(listener.instance().isRunning());
            assertNull(listener.instance().timer());
        }

        @Test
        void timerIsGoneFromTheRegistry() {
            assertErrno(Errno.ENODEV, () -> core.ginfo(utimer(0)));
            assertErrno(Errno.ENODEV, () -> core.gstatus(utimer(0)));
            assertErrno(Errno.ENODEV, () -> core.gparams(utimer(0)));
            assertEquals(TimerId.END, core.nextDevice(TimerId.global(3, 0)));
            assertNull(core.userTimer(0));
            assertFalse(timer.isRegistered());
            assertErrno(Errno.ENOTTY, owner::trigger);
        }

        @Test
        void newSelectOfTheIdIsEnodevAndLeavesUnselected() {
            assertErrno(Errno.ENODEV, () -> listener.select(utimer(0)));
            assertNull(listener.instance());
            assertErrno(Errno.EBADFD, listener::status);
            assertErrno(Errno.ENODEV, () -> newUser(core).select(utimer(0)));
        }

        @Test
        void idIsReusedAndStaleInstanceStaysDetached() {
            TimerUser owner2 = newUser(core);
            UserTimer t2 = owner2.create(2 * UTIMER_RES);
            assertEquals(0, t2.number());
            assertNotSame(timer, t2);
            assertEquals(0, core.ginfo(utimer(0)).clients(), "the stale instance is not re-attached");
            assertErrno(Errno.EINVAL, listener::start);
            owner2.trigger();
            readPlain(listener);
            assertEquals(0, drainTicks(listener));
            // A fresh SELECT attaches to the new utimer with the reused id.
            listener.select(utimer(0));
            listener.params(params(AUTO, 1));
            listener.start();
            owner2.trigger();
            assertEquals(List.of(new TimerRead(2 * UTIMER_RES, 1)), readPlain(listener));
            assertEquals(1, core.ginfo(utimer(0)).clients());
        }

        @Test
        void closingTheStaleDescriptorIsFine() {
            assertDoesNotThrow(listener::release);
            assertDoesNotThrow(listener::release);
        }
    }

    @Test
    void blockedReaderKeepsSleepingWhenTheUtimerGoes() throws Exception {
        // A freed global timer only detaches: no disconnect, so a blocked read is not woken with ENODEV.
        TimerUser listener = plainListener(core, 0);
        AtomicBoolean signal = new AtomicBoolean();
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(listener.read(8, false, signal::get));
            } catch (Throwable e) {
                result.complete(e);
            }
        });
        t.setDaemon(true);
        t.start();
        awaitBlocked(t);
        owner.release();
        signal.set(true);
        Object r = result.get(30, TimeUnit.SECONDS);
        assertInstanceOf(SndException.class, r);
        assertEquals(Errno.EINTR, ((SndException) r).errno(), "woken only by the signal");
    }

    @Test
    void pausedListenerContinueIsEinval() {
        TimerUser listener = plainListener(core, 0);
        listener.pause();
        owner.release();
        assertErrno(Errno.EINVAL, listener::continueTimer);
    }

    @Test
    void stoppedListenerIsDetachedToo() {
        TimerUser listener = newUser(core);
        listener.select(utimer(0));
        owner.release();
        assertErrno(Errno.EBADFD, listener::info);
        assertErrno(Errno.EINVAL, listener::start);
        assertEquals(0, listener.status().resolution());
    }

    @Test
    void ownerListeningToItsOwnTimer() {
        owner.select(utimer(0));
        owner.params(params(AUTO, 1));
        owner.start();
        owner.trigger();
        assertEquals(1, drainTicks(owner));
        owner.release();
        assertErrno(Errno.ENODEV, () -> core.ginfo(utimer(0)));
        assertEquals(0, newUser(core).create(UTIMER_RES).number());
    }

    @Test
    void timerGoneCallbackReachesCoreListeners() {
        TimerTestSupport.Recorder rec = new TimerTestSupport.Recorder();
        TimerInstance ti = core.open(utimer(0), "kernel user", rec);
        ti.setFlags(true, false);
        ti.start(1);
        owner.release();
        assertEquals(1, rec.gone);
        assertNull(ti.timer());
        assertEquals(0, ti.resolution());
        assertErrno(Errno.EINVAL, () -> ti.start(1));
        assertErrno(Errno.EINVAL, ti::stop);
        assertErrno(Errno.EINVAL, ti::pause);
        assertDoesNotThrow(ti::close);
    }

    @Nested
    class Release {
        @Test
        void releaseFreesTheInstance() {
            TimerUser a = newUser(core);
            TimerUser b = newUser(core);
            a.select(SYSTEM);
            b.select(SYSTEM);
            assertEquals(2, core.ginfo(SYSTEM).clients());
            a.release();
            assertEquals(1, core.ginfo(SYSTEM).clients());
            a.release();
            assertEquals(1, core.ginfo(SYSTEM).clients(), "idempotent");
            assertNull(a.instance());
        }

        @Test
        void releaseOfRunningInstanceStopsItsClock() {
            TimerUser a = TimerTestSupport.started(core, SYSTEM, false, 1, 0);
            a.release();
            assertEquals(0, clock.pending());
            assertEquals(0, core.ginfo(SYSTEM).clients());
        }

        @Test
        void releaseFreesTheUtimerAndItsId() {
            TimerUser l = plainListener(core, 0);
            assertEquals(1, core.ginfo(utimer(0)).clients());
            owner.release();
            assertErrno(Errno.ENODEV, () -> core.ginfo(utimer(0)));
            owner.release();
            assertEquals(0, newUser(core).create(UTIMER_RES).number());
            assertErrno(Errno.EINVAL, l::start);
        }

        @Test
        void releaseOfAListenerLeavesTheUtimer() {
            TimerUser l1 = plainListener(core, 0);
            TimerUser l2 = plainListener(core, 0);
            owner.trigger();
            l1.release();
            assertEquals(1, core.ginfo(utimer(0)).clients());
            triggers(owner, 2);
            readPlain(l2);
            owner.trigger();
            assertEquals(1, drainTicks(l2));
        }

        @Test
        void releaseWithoutAnythingIsFine() {
            TimerUser u = newUser(core);
            assertDoesNotThrow(u::release);
            assertDoesNotThrow(u::release);
        }

        @Test
        void allUtimersCanBeRecycled() {
            for (int round = 0; round < 3; round++) {
                TimerUser[] owners = new TimerUser[128];
                for (int i = 0; i < 128; i++) {
                    owners[i] = newUser(core);
                    if (round == 0 && i == 0) {
                        owners[i] = owner; // already holds id 0
                        continue;
                    }
                    assertEquals(i, owners[i].create(UTIMER_RES).number());
                }
                assertErrno(Errno.ENOSPC, () -> newUser(core).create(UTIMER_RES));
                for (TimerUser o : owners) {
                    o.release();
                }
                assertEquals(List.of(core.find(SYSTEM), core.find(TimerId.global(3, 0))), core.timers());
            }
        }
    }
}
