package org.sndfuse.timer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.timer.TimerTestSupport.AUTO;
import static org.sndfuse.timer.TimerTestSupport.F_START;
import static org.sndfuse.timer.TimerTestSupport.F_STATE;
import static org.sndfuse.timer.TimerTestSupport.F_STOP;
import static org.sndfuse.timer.TimerTestSupport.F_TICK;
import static org.sndfuse.timer.TimerTestSupport.HRTIMER;
import static org.sndfuse.timer.TimerTestSupport.SYSTEM;
import static org.sndfuse.timer.TimerTestSupport.SYSTEM_RES;
import static org.sndfuse.timer.TimerTestSupport.UTIMER_RES;
import static org.sndfuse.timer.TimerTestSupport.assertErrno;
import static org.sndfuse.timer.TimerTestSupport.drainTicks;
import static org.sndfuse.timer.TimerTestSupport.newUser;
import static org.sndfuse.timer.TimerTestSupport.params;
import static org.sndfuse.timer.TimerTestSupport.readPlain;
import static org.sndfuse.timer.TimerTestSupport.readTread;
import static org.sndfuse.timer.TimerTestSupport.triggers;
import static org.sndfuse.timer.TimerTestSupport.utimer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.timer.TimerEvent;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.abi.timer.TimerRead;
import org.sndfuse.abi.timer.TimerStatus;
import org.sndfuse.abi.timer.TimerTread;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;
import org.sndfuse.timer.TimerTestSupport.Recorder;

/** Slave-class timer instances (SELECT with class SLAVE) and their linking to masters by class and pid. */
class SlaveInstanceTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final int PID = 4242;
    private static final long F_MSTART = 1L << TimerEvent.MSTART;
    private static final long F_MSTOP = 1L << TimerEvent.MSTOP;
    private static final long F_MCONTINUE = 1L << TimerEvent.MCONTINUE;
    private static final long F_MPAUSE = 1L << TimerEvent.MPAUSE;
    private static final long F_MASTER = F_MSTART | F_MSTOP | F_MCONTINUE | F_MPAUSE;

    private VirtualClock clock;
    private TimerCore core;

    @BeforeEach
    void setUp() {
        clock = new VirtualClock();
        core = new TimerCore(clock, 250);
    }

    private static TimerId slaveId(int sclass, int device) {
        return new TimerId(TimerId.CLASS_SLAVE, sclass, -1, device, 0);
    }

    /** The id a slave of a user master of process {@code pid} selects. */
    private static TimerId appSlave(int pid) {
        return slaveId(TimerId.SCLASS_APPLICATION, pid);
    }

    private TimerUser master(TimerId id) {
        TimerUser m = new TimerUser(core, PID);
        m.select(id);
        return m;
    }

    private TimerUser slave(boolean tread) {
        TimerUser s = newUser(core);
        if (tread) {
            s.tread(1);
        }
        s.select(appSlave(PID));
        return s;
    }

    private static List<Integer> events(List<TimerTread> records) {
        List<Integer> out = new ArrayList<>();
        for (TimerTread r : records) {
            out.add(r.event());
        }
        return out;
    }

    @Nested
    class Linking {
        @Test
        void userMasterLinksByApplicationClassAndPid() {
            TimerUser m = master(SYSTEM);
            assertEquals(TimerId.SCLASS_APPLICATION, m.instance().slaveClass());
            assertEquals(PID, m.instance().slaveId());
            assertFalse(m.instance().isSlave());
        }

        @Test
        void slaveOpenedAfterMasterLinksAtOnce() {
            TimerUser m = master(SYSTEM);
            TimerUser s = slave(false);
            TimerInstance si = s.instance();
            assertTrue(si.isSlave());
            assertEquals(TimerId.SCLASS_APPLICATION, si.slaveClass());
            assertEquals(PID, si.slaveId());
            assertSame(m.instance(), si.master());
            assertSame(core.find(SYSTEM), si.timer());
            assertEquals(core.info(core.find(SYSTEM)), s.info());
            assertEquals("application " + s.pid(), si.owner());
        }

        @Test
        void slaveOpenedBeforeMasterWaitsThenIsAdopted() {
            TimerUser s = slave(false);
            TimerInstance si = s.instance();
            assertNull(si.master());
            assertNull(si.timer());
            assertErrno(Errno.EBADFD, s::info);
            assertErrno(Errno.EBADFD, () -> s.params(params(0, 1)));
            assertEquals(0, s.status().resolution());

            TimerUser m = master(HRTIMER);
            assertSame(m.instance(), si.master());
            assertSame(core.find(HRTIMER), si.timer());
            assertEquals("HR timer", s.info().name());
            assertEquals(1, s.status().resolution());
        }

        @Test
        void masterAdoptsEveryWaitingSlaveOfItsClassAndId() {
            TimerUser a = slave(false);
            TimerUser b = slave(false);
            TimerUser otherPid = newUser(core);
            otherPid.select(appSlave(PID + 1));
            TimerUser otherClass = newUser(core);
            otherClass.select(slaveId(TimerId.SCLASS_SEQUENCER, PID));

            TimerUser m = master(SYSTEM);
            assertSame(m.instance(), a.instance().master());
            assertSame(m.instance(), b.instance().master());
            assertNull(otherPid.instance().master());
            assertNull(otherClass.instance().master());
            assertErrno(Errno.EBADFD, otherClass::info);
        }

        @Test
        void slaveLinksToTheFirstMatchingMasterInTimerListOrder() {
            TimerUser onHr = master(HRTIMER);
            TimerUser onSystem = master(SYSTEM); // opened later, but G0 comes before G3 in the list
            TimerUser s = slave(false);
            assertSame(onSystem.instance(), s.instance().master());
            assertSame(core.find(SYSTEM), s.instance().timer());
            assertFalse(onHr.instance().slaves.contains(s.instance()));
        }

        @Test
        void kernelInternalMastersNeverLink() {
            TimerInstance loop = core.open(SYSTEM.withSclass(TimerId.SCLASS_APPLICATION), "Loopback",
                    new Recorder());
            TimerUser s = newUser(core);
            s.select(appSlave(0));
            assertNull(s.instance().master());
            assertEquals(TimerId.SCLASS_NONE, loop.slaveClass());
        }

        @Test
        void coreOpenWithSlaveClassOpensAKernelSlave() {
            TimerUser m = master(SYSTEM);
            TimerInstance si = core.open(appSlave(PID), "seq", new Recorder());
            assertTrue(si.isSlave());
            assertSame(m.instance(), si.master());
            assertEquals(1, core.slaveCount());
            si.close();
            assertEquals(0, core.slaveCount());
            assertTrue(m.instance().slaves.isEmpty());
        }

        @Test
        void reselectClosesTheSlave() {
            TimerUser m = master(SYSTEM);
            TimerUser s = slave(false);
            assertEquals(1, core.slaveCount());
            s.select(SYSTEM);
            assertEquals(0, core.slaveCount());
            assertTrue(m.instance().slaves.isEmpty());
            assertEquals(2, core.ginfo(SYSTEM).clients());
            s.release();
            assertEquals(1, core.ginfo(SYSTEM).clients());
        }
    }

    @Nested
    class Ticks {
        @Test
        void slaveGetsTheMastersTickCountAtEachExpiry() {
            TimerUser m = master(SYSTEM);
            m.params(params(AUTO, 2));
            m.start();
            Recorder rec = new Recorder();
            TimerInstance si = core.open(appSlave(PID), "seq", rec);
            si.start(1);
            clock.advance(SECOND);
            assertEquals(Collections.nCopies(125, new Recorder.Tick(SYSTEM_RES, 2)), rec.ticks);
            assertEquals(250, drainTicks(m));
        }

        @Test
        void slaveReadsTwoTickRecordsThroughTheDevice() {
            TimerUser s = slave(false); // opened and started before the master exists
            s.start();
            TimerUser m = master(SYSTEM);
            m.params(params(AUTO, 2));
            m.start();
            for (int i = 0; i < 5; i++) {
                clock.advance(8 * MS);
                assertEquals(List.of(new TimerRead(SYSTEM_RES, 2)), readPlain(s));
            }
        }

        @Test
        void stoppedSlaveGetsNothingAndRestartedSlaveResumes() {
            TimerUser m = master(SYSTEM);
            m.params(params(AUTO, 1));
            m.start();
            TimerUser s = slave(false);
            clock.advance(40 * MS);
            assertEquals(List.of(), readPlain(s), "a slave that was never started gets no ticks");
            s.start();
            clock.advance(40 * MS);
            assertEquals(10, drainTicks(s));
            s.stop();
            clock.advance(40 * MS);
            assertEquals(0, drainTicks(s));
        }

        @Test
        void stoppedMasterGivesNoTicks() {
            TimerUser m = master(SYSTEM);
            m.params(params(AUTO, 1));
            TimerUser s = slave(false);
            s.start();
            clock.advance(40 * MS);
            assertEquals(0, drainTicks(s));
            m.start();
            clock.advance(40 * MS);
            m.stop();
            clock.advance(40 * MS);
            assertEquals(10, drainTicks(s));
        }

        @Test
        void oneShotMasterExpiryTicksTheSlaveOnce() {
            TimerUser m = master(SYSTEM);
            m.params(params(0, 3));
            TimerUser s = slave(false);
            s.start();
            m.start();
            clock.advance(SECOND);
            assertEquals(List.of(new TimerRead(SYSTEM_RES, 3)), readPlain(s));
        }

        @Test
        void utimerMasterTicksTheSlavePerTrigger() {
            TimerUser owner = newUser(core);
            owner.create(UTIMER_RES);
            TimerUser m = master(utimer(0));
            m.params(params(AUTO, 1));
            m.start();
            TimerUser s = slave(false);
            s.start();
            triggers(owner, 4);
            assertEquals(List.of(new TimerRead(UTIMER_RES, 4)), readPlain(s));
        }

        @Test
        void treadSlaveGetsResolutionAndTicksFromTheMaster() {
            TimerUser m = master(SYSTEM);
            m.params(params(AUTO, 2));
            TimerUser s = slave(true);
            s.params(params(0, 1, 0, TimerTestSupport.F_RESOLUTION | F_TICK));
            s.start();
            m.start();
            clock.advance(8 * MS);
            List<TimerTread> r = readTread(s);
            assertEquals(List.of(TimerEvent.RESOLUTION, TimerEvent.TICK), events(r));
            assertEquals(SYSTEM_RES, r.get(0).val());
            assertEquals(2, r.get(1).val());
        }
    }

    @Nested
    class StartStop {
        @Test
        void unlinkedSlaveStartsAndStopsWithoutEvents() {
            TimerUser s = slave(true);
            TimerInstance si = s.instance();
            assertErrno(Errno.EBUSY, s::stop);
            assertErrno(Errno.EBUSY, s::pause);
            s.start();
            assertTrue(si.isRunning());
            s.start(); // START stops first, so no EBUSY
            assertErrno(Errno.EBUSY, () -> si.start(1));
            s.stop();
            assertFalse(si.isRunning());
            assertErrno(Errno.EBUSY, s::stop);
            assertEquals(new TimerStatus(0, 0, 0, 0, 0, 0), s.status(), "no event stamped the status");
        }

        @Test
        void ticksBelowOneIsEinval() {
            TimerUser s = slave(false);
            assertErrno(Errno.EINVAL, () -> s.instance().start(0));
            assertFalse(s.instance().isRunning());
        }

        @Test
        void closedSlaveCannotStart() {
            TimerInstance si = core.open(appSlave(PID), "seq", new Recorder());
            si.close();
            assertErrno(Errno.EINVAL, () -> si.start(1));
            assertDoesNotThrow(si::close);
        }

        @Test
        void linkedSlaveUsesTheMasterTimersParamsBoundsButHasNoStartBound() {
            master(HRTIMER);
            TimerUser s = slave(false);
            // 1 ns × 1 tick: PARAMS keeps the hrtimer's 1 ms bound ...
            assertErrno(Errno.EINVAL, () -> s.params(params(AUTO, 1)));
            assertErrno(Errno.EINVAL, () -> s.params(params(AUTO, 0)));
            // ... but START has no 100 µs bound for a slave.
            assertDoesNotThrow(() -> s.instance().start(1));
            assertDoesNotThrow(() -> s.params(params(AUTO, 1_000_000)));
            assertFalse(s.instance().isRunning(), "PARAMS stops the slave");
            assertDoesNotThrow(s::start);
        }

        @Test
        void pauseIsAStopAndContinueIsAStart() {
            master(SYSTEM);
            TimerUser s = slave(true);
            s.params(params(0, 1, 0, F_STATE));
            s.start();
            s.pause();
            assertFalse(s.instance().isPaused());
            assertFalse(s.instance().isRunning());
            s.continueTimer(); // not paused: a START
            assertTrue(s.instance().isRunning());
            assertErrno(Errno.EINVAL, () -> s.instance().continueTimer());
            List<TimerTread> r = readTread(s);
            assertEquals(List.of(TimerEvent.START, TimerEvent.PAUSE, TimerEvent.START), events(r));
            assertEquals(SYSTEM_RES, r.get(0).val());
            assertEquals(0, r.get(1).val());
        }
    }

    @Nested
    class MasterEvents {
        @Test
        void runningSlaveSeesTheMastersStateAsMEvents() {
            TimerUser m = master(SYSTEM);
            m.params(params(AUTO, 1));
            TimerUser s = slave(true);
            s.params(params(0, 1, 0, F_START | F_STOP | F_MASTER));
            s.start();
            clock.advance(MS);
            m.start();
            m.pause();
            m.continueTimer();
            m.stop();
            s.stop();
            List<TimerTread> r = readTread(s);
            assertEquals(List.of(TimerEvent.START, TimerEvent.MSTART, TimerEvent.MPAUSE, TimerEvent.MCONTINUE,
                    TimerEvent.MSTOP, TimerEvent.STOP), events(r));
            assertEquals(List.of(SYSTEM_RES, SYSTEM_RES, 0L, SYSTEM_RES, 0L, 0L),
                    r.stream().map(TimerTread::val).toList());
            assertEquals(1, r.get(1).tstampSec());
            assertEquals(MS, r.get(1).tstampNsec());
        }

        @Test
        void mEventsNeedTheirFilterBitsAndTread() {
            TimerUser m = master(SYSTEM);
            TimerUser filtered = slave(true);
            filtered.params(params(0, 1, 0, F_START));
            filtered.start();
            TimerUser plain = slave(false);
            plain.params(params(0, 1, 0, F_MASTER));
            plain.start();
            m.start();
            m.stop();
            assertEquals(List.of(TimerEvent.START), events(readTread(filtered)));
            assertEquals(List.of(), readPlain(plain));
        }

        @Test
        void stoppedSlavesAndOtherMastersSlavesAreNotTold() {
            TimerUser m = master(SYSTEM);
            TimerUser idle = slave(true);
            idle.params(params(0, 1, 0, F_MASTER));
            TimerUser elsewhere = newUser(core);
            elsewhere.tread(1);
            elsewhere.select(appSlave(PID + 1));
            new TimerUser(core, PID + 1).select(SYSTEM);
            elsewhere.params(params(0, 1, 0, F_MASTER));
            elsewhere.start();
            m.start();
            m.stop();
            assertEquals(List.of(), readTread(idle));
            assertEquals(List.of(), readTread(elsewhere));
        }

        @Test
        void statusTimestampFollowsOnlyTheSlavesOwnEvents() {
            TimerUser m = master(SYSTEM);
            TimerUser s = slave(false);
            clock.advance(3 * MS);
            s.start();
            clock.advance(5 * MS);
            m.start();
            TimerStatus st = s.status();
            assertEquals(1, st.tstampSec());
            assertEquals(3 * MS, st.tstampNsec());
            assertEquals(SYSTEM_RES, st.resolution());
        }
    }

    @Nested
    class MasterGoes {
        @Test
        void masterCloseUnlinksAndKeepsTheSlaveRunning() {
            TimerUser m = master(SYSTEM);
            m.params(params(AUTO, 1));
            m.start();
            TimerUser s = slave(true);
            s.params(params(0, 1, 0, F_TICK | F_MSTOP));
            s.start();
            clock.advance(8 * MS);
            m.release();
            TimerInstance si = s.instance();
            assertNull(si.master());
            assertNull(si.timer());
            assertTrue(si.isRunning());
            assertErrno(Errno.EBADFD, s::info);
            assertErrno(Errno.EBADFD, () -> s.params(params(0, 1)));
            assertEquals(0, s.status().resolution());
            List<TimerTread> r = readTread(s);
            assertEquals(List.of(TimerEvent.TICK, TimerEvent.MSTOP), events(r));
            assertEquals(2, r.get(0).val());
            clock.advance(40 * MS);
            assertEquals(List.of(), readTread(s));
            assertEquals(0, core.ginfo(SYSTEM).clients());

            // A new master of the same process adopts it, still running: ticks flow without a new START.
            TimerUser again = master(SYSTEM);
            again.params(params(AUTO, 1));
            again.start();
            assertSame(again.instance(), si.master());
            clock.advance(8 * MS);
            assertEquals(List.of(TimerEvent.TICK), events(readTread(s)));
        }

        @Test
        void idleMasterCloseSendsNoMstop() {
            TimerUser m = master(SYSTEM);
            TimerUser s = slave(true);
            s.params(params(0, 1, 0, F_MASTER));
            s.start();
            m.release();
            assertEquals(List.of(), readTread(s));
            assertNull(s.instance().master());
        }

        @Test
        void slaveStopAfterUnlinkIsQuiet() {
            TimerUser m = master(SYSTEM);
            TimerUser s = slave(true);
            s.params(params(0, 1, 0, F_STATE));
            s.start();
            m.release();
            readTread(s);
            s.stop();
            assertEquals(List.of(), readTread(s));
            assertErrno(Errno.EBUSY, s::stop);
        }

        @Test
        void utimerDestroyedUnderTheMasterUnlinksTheSlave() {
            TimerUser owner = newUser(core);
            owner.create(UTIMER_RES);
            TimerUser m = master(utimer(0));
            TimerUser s = slave(false);
            assertSame(m.instance(), s.instance().master());
            owner.release();
            assertNull(s.instance().master());
            assertErrno(Errno.EBADFD, s::info);
            // A new master of the process adopts the slave again.
            master(SYSTEM);
            assertSame(core.find(SYSTEM), s.instance().timer());
        }
    }

    @Nested
    class Limits {
        @Test
        void slavesDoNotCountAsClientsOrProcLines() {
            TimerUser m = master(SYSTEM);
            m.start();
            for (int i = 0; i < 3; i++) {
                slave(false).start();
            }
            assertEquals(1, core.ginfo(SYSTEM).clients());
            assertEquals(1, core.find(SYSTEM).instances().size());
            assertEquals(3, core.slaveCount());
            String proc = TimerProc.render(core);
            assertEquals(1, proc.lines().filter(l -> l.startsWith("  Client")).count(), proc);
            assertTrue(proc.contains("  Client application " + PID + " : running\n"), proc);
            assertErrno(Errno.EBUSY, () -> core.gparams(SYSTEM));
            m.release();
            assertErrno(Errno.ENOSYS, () -> core.gparams(SYSTEM)); // waiting slaves keep no timer busy
        }

        @Test
        void thousandAndFirstSlaveIsEbusy() {
            List<TimerInstance> open = new ArrayList<>();
            for (int i = 0; i < TimerCore.MAX_SLAVE_INSTANCES; i++) {
                open.add(core.open(slaveId(TimerId.SCLASS_SEQUENCER, i), "seq", new Recorder()));
            }
            assertEquals(1000, core.slaveCount());
            TimerUser u = newUser(core);
            assertErrno(Errno.EBUSY, () -> u.select(appSlave(PID)));
            assertNull(u.instance());
            assertErrno(Errno.EBADFD, u::start);
            assertDoesNotThrow(() -> u.select(SYSTEM), "masters are not limited by the slave count");
            open.get(0).close();
            assertDoesNotThrow(() -> u.select(appSlave(PID)));
            assertEquals(1000, core.slaveCount());
        }

        @Test
        void invalidSlaveClassIsEinval() {
            TimerUser u = newUser(core);
            for (int sclass : new int[] {TimerId.SCLASS_NONE, 4, -1}) {
                assertErrno(Errno.EINVAL, () -> u.select(slaveId(sclass, PID)));
                assertNull(u.instance());
                assertErrno(Errno.EINVAL, () -> core.open(slaveId(sclass, PID), "seq", new Recorder()));
            }
            assertEquals(0, core.slaveCount());
            for (int sclass = TimerId.SCLASS_APPLICATION; sclass <= TimerId.SCLASS_OSS_SEQUENCER; sclass++) {
                int c = sclass;
                assertDoesNotThrow(() -> newUser(core).select(slaveId(c, PID)));
            }
        }

        @Test
        void linkedSlavesCountAgainstTheMasterTimersInstanceLimit() {
            TimerUser m = master(HRTIMER); // max_instances 100
            List<TimerUser> slaves = new ArrayList<>();
            for (int i = 0; i < 99; i++) {
                slaves.add(slave(false));
            }
            assertEquals(1, core.ginfo(HRTIMER).clients());
            assertErrno(Errno.EBUSY, () -> newUser(core).select(HRTIMER));
            TimerUser extra = newUser(core);
            assertErrno(Errno.EBUSY, () -> extra.select(appSlave(PID)));
            assertNull(extra.instance());
            assertEquals(99, core.slaveCount());
            slaves.get(0).release();
            assertDoesNotThrow(() -> newUser(core).select(HRTIMER));
            assertSame(m.instance(), slaves.get(1).instance().master());
        }

        @Test
        void masterThatCannotAdoptAllWaitingSlavesFailsAndLinksNone() {
            List<TimerUser> waiting = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                waiting.add(slave(false));
            }
            TimerUser m = new TimerUser(core, PID);
            assertErrno(Errno.EBUSY, () -> m.select(HRTIMER));
            assertNull(m.instance());
            assertEquals(0, core.ginfo(HRTIMER).clients());
            for (TimerUser s : waiting) {
                assertNull(s.instance().master());
            }
            // The system timer takes 1001 instances: the master and all 100 slaves fit.
            m.select(SYSTEM);
            for (TimerUser s : waiting) {
                assertSame(m.instance(), s.instance().master());
            }
        }
    }

    @Nested
    class Races {
        @Test
        void slaveAndMasterChurnRacingTriggersKeepsALinkedSlaveExact() throws Exception {
            TimerUser owner = newUser(core);
            owner.create(UTIMER_RES);
            TimerUser m = master(utimer(0));
            m.params(params(AUTO, 1));
            m.start();
            TimerUser steady = slave(false);
            steady.start();
            ExecutorService pool = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "slave-race");
                t.setDaemon(true);
                return t;
            });
            try {
                CompletableFuture<Void> triggers = CompletableFuture.runAsync(() -> triggers(owner, 2000), pool);
                CompletableFuture<Void> slaves = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 300; i++) {
                        TimerUser u = slave(true);
                        u.start();
                        u.stop();
                        u.poll(() -> { });
                        u.release();
                    }
                }, pool);
                CompletableFuture<Void> masters = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 300; i++) {
                        TimerUser again = master(SYSTEM); // G0 comes first: new slaves link here meanwhile
                        again.params(params(AUTO, 1));
                        again.start();
                        clock.advance(4 * MS);
                        again.release();
                    }
                }, pool);
                CompletableFuture.allOf(triggers, slaves, masters).get(120, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            assertEquals(2000, drainTicks(steady));
            assertSame(m.instance(), steady.instance().master());
            assertEquals(1, core.slaveCount());
            assertEquals(0, core.ginfo(SYSTEM).clients());
            assertEquals(1, core.ginfo(utimer(0)).clients());
        }
    }
}
