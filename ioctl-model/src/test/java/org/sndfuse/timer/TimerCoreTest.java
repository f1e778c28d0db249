package org.sndfuse.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.sndfuse.timer.TimerTestSupport.HRTIMER;
import static org.sndfuse.timer.TimerTestSupport.SYSTEM;
import static org.sndfuse.timer.TimerTestSupport.assertErrno;
import static org.sndfuse.timer.TimerTestSupport.newUser;
import static org.sndfuse.timer.TimerTestSupport.utimer;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sndfuse.abi.timer.TimerGinfo;
import org.sndfuse.abi.timer.TimerGstatus;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.abi.timer.TimerInfo;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;

/** Registry queries: NEXT_DEVICE, GINFO, GPARAMS, GSTATUS, lookup and registration order. */
class TimerCoreTest {
    private VirtualClock clock;
    private TimerCore core;

    @BeforeEach
    void setUp() {
        clock = new VirtualClock();
        core = new TimerCore(clock, 250);
    }

    private static final TimerId FIRST = new TimerId(-1, -1, -1, -1, -1);

    private static TimerId tid(int cls, int card, int dev, int sub) {
        return new TimerId(cls, 0, card, dev, sub);
    }

    /** Follows NEXT_DEVICE from the start until the end marker. */
    private List<TimerId> walk() {
        List<TimerId> out = new ArrayList<>();
        TimerId id = FIRST;
        for (int i = 0; i < 1000; i++) {
            id = core.nextDevice(id);
            if (id.equals(TimerId.END)) {
                return out;
            }
            out.add(id);
        }
        throw new AssertionError("walk does not end: " + out);
    }

    @Nested
    class NextDevice {
        @Test
        void defaultWalk() {
            assertEquals(new TimerId(1, 0, -1, 0, 0), core.nextDevice(FIRST));
            assertEquals(new TimerId(1, 0, -1, 3, 0), core.nextDevice(new TimerId(1, 0, -1, 0, 0)));
            assertEquals(TimerId.END, core.nextDevice(new TimerId(1, 0, -1, 3, 0)));
            assertEquals(List.of(tid(1, -1, 0, 0), tid(1, -1, 3, 0)), walk());
        }

        @Test
        void endMarkerShape() {
            assertEquals(new TimerId(-1, 0, -1, -1, -1), core.nextDevice(new TimerId(1, 0, -1, 3, 0)));
        }

        @Test
        void anyNegativeClassStartsOver() {
            assertEquals(tid(1, -1, 0, 0), core.nextDevice(new TimerId(-5, 7, 7, 7, 7)));
            assertEquals(tid(1, -1, 0, 0), core.nextDevice(TimerId.END));
        }

        @Test
        void globalWithNegativeDeviceGivesFirstGlobal() {
            assertEquals(tid(1, -1, 0, 0), core.nextDevice(new TimerId(1, 1, -1, -1, -1)));
        }

        @Test
        void globalIgnoresSubdeviceAndSclassOfInput() {
            assertEquals(tid(1, -1, 3, 0), core.nextDevice(new TimerId(1, 1, 5, 0, 99)));
            assertEquals(tid(1, -1, 3, 0), core.nextDevice(new TimerId(1, 3, -1, 1, 0)));
            assertEquals(tid(1, -1, 3, 0), core.nextDevice(new TimerId(1, 0, -1, 2, 0)));
        }

        @Test
        void utimersAppearOnceAsLowestSubdevice() {
            TimerUser a = newUser(core);
            TimerUser b = newUser(core);
            assertEquals(0, a.create(1_000_000L).number());
            assertEquals(1, b.create(2_000_000L).number());
            assertEquals(List.of(tid(1, -1, 0, 0), tid(1, -1, 3, 0), tid(1, -1, 4, 0)), walk());
            assertEquals(TimerId.END, core.nextDevice(tid(1, -1, 4, 0)));
            assertEquals(TimerId.END, core.nextDevice(tid(1, -1, 4, 1)));
        }

        @Test
        void remainingUtimerIsReportedWhenLowerOneIsGone() {
            TimerUser a = newUser(core);
            TimerUser b = newUser(core);
            a.create(1_000_000L);
            b.create(1_000_000L);
            a.release();
            assertEquals(tid(1, -1, 4, 1), core.nextDevice(tid(1, -1, 3, 0)));
        }

        @Test
        void sclassIsAlwaysZeroInOutput() {
            core.register(FakeTimer.card(0, 0)); // registered with sclass APPLICATION
            for (TimerId id : walk()) {
                assertEquals(0, id.devSclass(), id.toString());
            }
            assertEquals(tid(2, 0, 0, 0), core.nextDevice(tid(1, -1, 3, 0)));
        }

        @Test
        void cardAndPcmClassesWalk() {
            // Registered out of order: the list is sorted by class, card, device, subdevice.
            core.register(FakeTimer.pcm(0, 1, 0));
            core.register(FakeTimer.card(1, 0));
            core.register(FakeTimer.pcm(0, 0, 1));
            core.register(FakeTimer.card(0, 0));
            core.register(FakeTimer.pcm(0, 0, 0));
            assertEquals(List.of(tid(1, -1, 0, 0), tid(1, -1, 3, 0), tid(2, 0, 0, 0), tid(2, 1, 0, 0),
                    tid(3, 0, 0, 0), tid(3, 0, 0, 1), tid(3, 0, 1, 0)), walk());
        }

        @Test
        void cardClassAdvancesFirstNegativeField() {
            core.register(FakeTimer.card(0, 0));
            core.register(FakeTimer.card(0, 2));
            core.register(FakeTimer.pcm(0, 0, 0));
            core.register(FakeTimer.pcm(1, 0, 3));
            // card < 0 → card 0, device and subdevice as given
            assertEquals(tid(2, 0, 0, 0), core.nextDevice(tid(2, -1, -1, -1)));
            assertEquals(tid(3, 0, 0, 0), core.nextDevice(tid(3, -1, -1, -1)));
            // device < 0 → device 0
            assertEquals(tid(2, 0, 0, 0), core.nextDevice(tid(2, 0, -1, -1)));
            // subdevice < 0 → subdevice 0
            assertEquals(tid(2, 0, 0, 0), core.nextDevice(tid(2, 0, 0, -1)));
            // otherwise subdevice + 1
            assertEquals(tid(2, 0, 2, 0), core.nextDevice(tid(2, 0, 0, 0)));
            assertEquals(tid(2, 0, 2, 0), core.nextDevice(tid(2, 0, 1, 5)));
            // past the last card timer: the next class
            assertEquals(tid(3, 0, 0, 0), core.nextDevice(tid(2, 0, 2, 0)));
            assertEquals(tid(3, 1, 0, 3), core.nextDevice(tid(3, 0, 0, 0)));
            assertEquals(tid(3, 1, 0, 3), core.nextDevice(tid(3, 1, 0, 2)));
            assertEquals(TimerId.END, core.nextDevice(tid(3, 1, 0, 3)));
            assertEquals(TimerId.END, core.nextDevice(tid(3, 5, 0, 0)));
        }

        @Test
        void subdeviceAtIntMaxDoesNotWrap() {
            core.register(FakeTimer.pcm(0, 0, 0));
            assertEquals(TimerId.END, core.nextDevice(tid(3, 0, 0, Integer.MAX_VALUE)));
        }

        @Test
        void cardClassWithoutCardTimersGivesEnd() {
            assertEquals(TimerId.END, core.nextDevice(tid(2, -1, -1, -1)));
            assertEquals(TimerId.END, core.nextDevice(tid(3, 0, 0, 0)));
        }

        @Test
        void slaveAndUnknownClassesGiveEnd() {
            assertEquals(TimerId.END, core.nextDevice(new TimerId(0, 1, -1, 0, 0)));
            assertEquals(TimerId.END, core.nextDevice(new TimerId(4, 0, 0, 0, 0)));
            assertEquals(TimerId.END, core.nextDevice(new TimerId(99, 0, 0, 0, 0)));
        }

        @Test
        void emptyRegistryGivesEnd() {
            core.unregister(core.find(SYSTEM));
            core.unregister(core.find(HRTIMER));
            assertEquals(TimerId.END, core.nextDevice(FIRST));
        }
    }

    @Nested
    class Registry {
        @Test
        void duplicateRegistrationIsEbusy() {
            core.register(FakeTimer.card(0, 0));
            assertErrno(Errno.EBUSY, () -> core.register(FakeTimer.card(0, 0)));
        }

        @Test
        void findComparesCardOnlyForCardClasses() {
            assertNotNull(core.find(new TimerId(1, 1, 7, 0, 0)));
            assertNull(core.find(new TimerId(1, 0, -1, 0, 1)));
            FakeTimer c = FakeTimer.card(1, 0);
            core.register(c);
            assertSame(c, core.find(tid(2, 1, 0, 0)));
            assertNull(core.find(tid(2, 0, 0, 0)));
        }

        @Test
        void unregisterClearsRegisteredFlag() {
            Timer sys = core.find(SYSTEM);
            assertEquals(true, sys.isRegistered());
            core.unregister(sys);
            assertEquals(false, sys.isRegistered());
            assertNull(core.find(SYSTEM));
            core.unregister(sys); // second time: nothing
        }

        @Test
        void timersListedInOrder() {
            core.register(FakeTimer.pcm(0, 0, 0));
            newUser(core).create(1_000_000L);
            List<TimerId> ids = core.timers().stream().map(Timer::id).toList();
            assertEquals(List.of(SYSTEM, HRTIMER, utimer(0), FakeTimer.pcm(0, 0, 0).id()), ids);
        }
    }

    @Nested
    class Ginfo {
        @Test
        void systemTimer() {
            TimerGinfo g = core.ginfo(SYSTEM);
            assertEquals(SYSTEM, g.tid());
            assertEquals(0, g.flags());
            assertEquals(-1, g.card());
            assertEquals("system", g.id());
            assertEquals("system timer", g.name());
            assertEquals(4_000_000L, g.resolution());
            assertEquals(0, g.resolutionMin());
            assertEquals(0, g.resolutionMax());
            assertEquals(0, g.clients());
        }

        @Test
        void hrtimer() {
            TimerGinfo g = core.ginfo(HRTIMER);
            assertEquals("hrtimer", g.id());
            assertEquals("HR timer", g.name());
            assertEquals(1L, g.resolution());
            assertEquals(-1, g.card());
            assertEquals(0, g.clients());
        }

        @ParameterizedTest
        @CsvSource({"100,10000000", "250,4000000", "300,3333333", "1000,1000000"})
        void systemResolutionFollowsHz(int hz, long res) {
            TimerCore c = new TimerCore(clock, hz);
            assertEquals(res, c.ginfo(SYSTEM).resolution());
            assertEquals(res, c.gstatus(SYSTEM).resolution());
        }

        @Test
        void tidIsEchoedAndSclassIgnoredForLookup() {
            TimerId in = new TimerId(1, 1, -1, 0, 0);
            TimerGinfo g = core.ginfo(in);
            assertEquals(in, g.tid());
            assertEquals("system", g.id());
        }

        @Test
        void clientsCountsOpenInstances() {
            TimerUser a = newUser(core);
            TimerUser b = newUser(core);
            a.select(SYSTEM);
            assertEquals(1, core.ginfo(SYSTEM).clients());
            b.select(SYSTEM);
            assertEquals(2, core.ginfo(SYSTEM).clients());
            assertEquals(0, core.ginfo(HRTIMER).clients());
            b.select(HRTIMER); // re-SELECT closes the previous instance
            assertEquals(1, core.ginfo(SYSTEM).clients());
            assertEquals(1, core.ginfo(HRTIMER).clients());
            a.release();
            assertEquals(0, core.ginfo(SYSTEM).clients());
        }

        @Test
        void utimerStrings() {
            TimerUser owner = newUser(core);
            owner.create(551_250_000L);
            TimerGinfo g = core.ginfo(utimer(0));
            assertEquals("snd-utimer0", g.id());
            assertEquals("", g.name());
            assertEquals(551_250_000L, g.resolution());
            assertEquals(-1, g.card());
            assertEquals(0, g.flags());
            assertEquals(0, g.resolutionMin());
            assertEquals(0, g.resolutionMax());
        }

        @Test
        void slaveTimerHasSlaveFlagAndCard() {
            core.register(FakeTimer.pcm(2, 0, 0));
            TimerGinfo g = core.ginfo(tid(3, 2, 0, 0));
            assertEquals(TimerInfo.FLG_SLAVE, g.flags());
            assertEquals(2, g.card());
            assertEquals("PCM", g.id());
        }

        @Test
        void absentIsEnodev() {
            assertErrno(Errno.ENODEV, () -> core.ginfo(TimerId.global(1, 0))); // RTC: not registered
            assertErrno(Errno.ENODEV, () -> core.ginfo(utimer(0)));
            assertErrno(Errno.ENODEV, () -> core.ginfo(tid(2, 0, 0, 0)));
            assertErrno(Errno.ENODEV, () -> core.ginfo(TimerId.global(0, 1)));
            assertErrno(Errno.ENODEV, () -> core.ginfo(TimerId.END));
        }
    }

    @Nested
    class Gparams {
        @Test
        void absentIsEnodev() {
            assertErrno(Errno.ENODEV, () -> core.gparams(utimer(3)));
        }

        @Test
        void idleTimersHaveNoSetPeriod() {
            assertErrno(Errno.ENOSYS, () -> core.gparams(SYSTEM));
            assertErrno(Errno.ENOSYS, () -> core.gparams(HRTIMER));
            newUser(core).create(1_000_000L);
            assertErrno(Errno.ENOSYS, () -> core.gparams(utimer(0)));
        }

        @Test
        void openInstanceIsEbusy() {
            TimerUser u = newUser(core);
            u.select(SYSTEM);
            assertErrno(Errno.EBUSY, () -> core.gparams(SYSTEM));
            assertErrno(Errno.ENOSYS, () -> core.gparams(HRTIMER));
            u.release();
            assertErrno(Errno.ENOSYS, () -> core.gparams(SYSTEM));
        }
    }

    @Nested
    class Gstatus {
        @Test
        void systemFallbackFraction() {
            TimerGstatus s = core.gstatus(SYSTEM);
            assertEquals(SYSTEM, s.tid());
            assertEquals(4_000_000L, s.resolution());
            assertEquals(4_000_000L, s.resolutionNum());
            assertEquals(1_000_000_000L, s.resolutionDen());
        }

        @Test
        void hrtimerAndUtimer() {
            TimerGstatus h = core.gstatus(HRTIMER);
            assertEquals(1L, h.resolution());
            assertEquals(1L, h.resolutionNum());
            assertEquals(1_000_000_000L, h.resolutionDen());
            newUser(core).create(551_250_000L);
            TimerGstatus u = core.gstatus(utimer(0));
            assertEquals(551_250_000L, u.resolution());
            assertEquals(551_250_000L, u.resolutionNum());
            assertEquals(1_000_000_000L, u.resolutionDen());
        }

        @Test
        void absentIsEnodev() {
            assertErrno(Errno.ENODEV, () -> core.gstatus(utimer(0)));
        }
    }
}
