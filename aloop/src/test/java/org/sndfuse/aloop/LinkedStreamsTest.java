package org.sndfuse.aloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.abi.pcm.PcmStatus;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.abi.pcm.SwParams;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/** snd_pcm_link groups (docs/kernel-facts.md "Linked streams") under the virtual clock. */
class LinkedStreamsTest extends AloopTestSupport {
    private final LoopbackCard card = card(4, null);

    private PcmSubstream open(int device, int stream, int sub) {
        PcmSubstream s = card.open(device, stream, sub, 42, "t");
        configure(s, PcmFormat.S16_LE, 2, 48000, 480, 4);
        return s;
    }

    /** No auto-start: start_threshold at the boundary, as latency-style programs set it. */
    private static void noAutoStart(PcmSubstream s) {
        SwParams probe = s.swParams(new SwParams(0, 1, 0, 480, 1, 1, 1920, 0, 0, 0, 0x2000f, 0));
        long b = probe.boundary();
        s.swParams(new SwParams(0, 1, 0, 480, 1, b, 1920, 0, 0, 0, 0x2000f, 0));
    }

    private static long trigger(PcmSubstream s) {
        PcmStatus st = s.status(null);
        return st.triggerSec() * 1_000_000_000L + st.triggerNsec();
    }

    @Test
    void linkRules() {
        PcmSubstream p = open(0, PcmStream.PLAYBACK, 0); // cable 0
        PcmSubstream c = open(0, PcmStream.CAPTURE, 1); // cable 1 of subdevice 1
        PcmSubstream raw = card.open(1, PcmStream.PLAYBACK, 2, 42, "t");
        assertErrno(Errno.EBADFD, () -> p.link(null));
        assertErrno(Errno.EINVAL, () -> p.link(p));
        assertErrno(Errno.EBADFD, () -> raw.link(p)); // OPEN
        assertErrno(Errno.EBADFD, () -> p.link(raw)); // states differ
        p.prepare();
        assertErrno(Errno.EBADFD, () -> p.link(c)); // PREPARED vs SETUP
        c.prepare();
        assertErrno(Errno.EALREADY, p::unlink);
        p.link(c);
        assertTrue(p.linked() && c.linked());
        assertErrno(Errno.EALREADY, () -> p.link(c));
        assertErrno(Errno.EALREADY, () -> c.link(p));
        c.unlink(); // the group of two dissolves
        assertFalse(p.linked());
        assertErrno(Errno.EALREADY, p::unlink);
        raw.close();
        assertErrno(Errno.EBADFD, () -> p.link(raw));
    }

    @Test
    void linkedStreamsStartPauseAndStopTogetherAcrossCables() {
        PcmSubstream p = open(0, PcmStream.PLAYBACK, 0);
        PcmSubstream c = open(0, PcmStream.CAPTURE, 0); // the other cable of subdevice 0
        noAutoStart(p);
        noAutoStart(c);
        p.prepare();
        c.prepare();
        c.link(p);
        p.write(new byte[1920 * 4], true, NEVER);
        clock.advance(1_000_000);
        c.start(); // starts the playback too
        assertEquals(PcmState.RUNNING, p.snapshot().state());
        assertEquals(PcmState.RUNNING, c.snapshot().state());
        assertEquals(trigger(p), trigger(c));
        clock.advance(5_000_000); // 240 frames
        p.pause(true);
        assertEquals(PcmState.PAUSED, c.snapshot().state());
        long frozen = c.status(null).hwPtr();
        assertEquals(240, frozen);
        clock.advance(50_000_000);
        assertEquals(frozen, c.status(null).hwPtr());
        c.pause(false);
        assertEquals(PcmState.RUNNING, p.snapshot().state());
        assertEquals(trigger(p), trigger(c));
        c.drop();
        assertEquals(PcmState.SETUP, p.snapshot().state());
        assertEquals(PcmState.SETUP, c.snapshot().state());
        // PREPARE of one prepares both; a running member makes it EBUSY for all.
        c.prepare();
        assertEquals(PcmState.PREPARED, p.snapshot().state());
        p.write(new byte[1920 * 4], true, NEVER);
        p.start();
        assertEquals(PcmState.RUNNING, c.snapshot().state());
        assertErrno(Errno.EBUSY, p::prepare);
        c.xrun();
        assertEquals(PcmState.XRUN, p.snapshot().state());
    }

    @Test
    void aPreCheckFailureChangesNothing() {
        PcmSubstream p = open(0, PcmStream.PLAYBACK, 0);
        PcmSubstream c = open(1, PcmStream.CAPTURE, 0); // cable 0: p's own capture end
        p.prepare();
        c.prepare();
        p.link(c);
        assertErrno(Errno.EPIPE, c::start); // the playback has no data
        assertEquals(PcmState.PREPARED, c.snapshot().state());
        assertErrno(Errno.EBADFD, () -> c.pause(true));
    }

    /** Prepares and links playback {@code p} with capture {@code c}; a write (start_threshold 1) starts both. */
    private static void linkAndStartByWrite(PcmSubstream p, PcmSubstream c) {
        p.prepare();
        c.prepare();
        c.link(p);
        p.write(new byte[480 * 4], true, NEVER);
    }

    @Test
    void aTransferStartOrXrunReachesTheGroup() {
        PcmSubstream p = open(0, PcmStream.PLAYBACK, 1);
        PcmSubstream c = open(0, PcmStream.CAPTURE, 0);
        linkAndStartByWrite(p, c);
        assertEquals(PcmState.RUNNING, c.snapshot().state());
        assertEquals(trigger(p), trigger(c));
        clock.advance(100_000_000); // the playback underruns
        p.status(null);
        assertEquals(PcmState.XRUN, p.snapshot().state());
        assertEquals(PcmState.XRUN, c.snapshot().state());
    }

    /**
     * jackd's recovery can run between a member's xrun and its spreading to the group (which takes the other
     * cables' locks after this one's is let go): a group the client has prepared again since must stay PREPARED,
     * or its next START fails with EBADFD ("could not start playback", and jackd's audio thread ends).
     */
    @Test
    void anXrunDoesNotReachAGroupPreparedAgainBeforeItSpread() {
        PcmSubstream p = open(0, PcmStream.PLAYBACK, 1);
        PcmSubstream c = open(0, PcmStream.CAPTURE, 0);
        boolean[] recovered = new boolean[1];
        card.addObserver(new LoopbackObserver() {
            @Override
            public void xrun(PcmSubstream s, String reason) {
                if (s == p && !recovered[0]) {
                    recovered[0] = true;
                    p.drop(); // the group: both to SETUP
                    p.prepare(); // the group: both PREPARED
                }
            }
        });
        linkAndStartByWrite(p, c);
        clock.advance(100_000_000); // the playback underruns
        p.status(null);
        assertTrue(recovered[0]);
        assertEquals(PcmState.PREPARED, p.snapshot().state());
        assertEquals(PcmState.PREPARED, c.snapshot().state());
        p.write(new byte[480 * 4], true, NEVER); // starts the group again
        assertEquals(PcmState.RUNNING, c.snapshot().state());
    }

    @Test
    void closingAMemberStopsTheGroupAndLeavesIt() {
        PcmSubstream p = open(0, PcmStream.PLAYBACK, 0);
        PcmSubstream c = open(0, PcmStream.CAPTURE, 0);
        PcmSubstream c2 = open(0, PcmStream.CAPTURE, 1);
        noAutoStart(p);
        p.prepare();
        c.prepare();
        c2.prepare();
        p.link(c);
        p.link(c2);
        p.write(new byte[480 * 4], true, NEVER);
        p.start();
        assertEquals(PcmState.RUNNING, c2.snapshot().state());
        p.close(); // snd_pcm_release_substream: drop (the group), then unlink
        assertEquals(PcmState.SETUP, c.snapshot().state());
        assertEquals(PcmState.SETUP, c2.snapshot().state());
        assertTrue(c.linked() && c2.linked()); // two members left: still a group
        c.close();
        assertFalse(c2.linked());
    }

    @Test
    void linkedDrainWaitsForThePlayback() {
        PcmSubstream p = open(0, PcmStream.PLAYBACK, 0);
        PcmSubstream c = open(0, PcmStream.CAPTURE, 0);
        noAutoStart(p);
        p.prepare();
        c.prepare();
        c.link(p);
        byte[] data = random(7, 960 * 4);
        p.write(data, true, NEVER);
        c.start();
        Thread advancer = new Thread(() -> {
            for (int i = 0; i < 40; i++) {
                clock.advance(5_000_000);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        advancer.start();
        c.drain(false, NEVER); // the capture stops at once; the call returns once the playback drained
        assertEquals(PcmState.SETUP, p.snapshot().state());
        advancer.interrupt();
    }

    /** Group actions from both members, transfers and the clock at once: no deadlock, no assertion fails. */
    @Test
    void concurrentGroupActionsTransfersAndClockDoNotDeadlock() throws Exception {
        PcmSubstream p = open(0, PcmStream.PLAYBACK, 0);
        PcmSubstream c = open(0, PcmStream.CAPTURE, 0); // the other cable of subdevice 0
        PcmSubstream c1 = open(1, PcmStream.CAPTURE, 0); // p's own capture end
        p.prepare();
        c.prepare();
        c1.prepare();
        p.link(c);
        c.link(c1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (PcmSubstream s : List.of(p, c, c1)) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 300; i++) {
                    try {
                        switch (i % 5) {
                            case 0 -> s.prepare();
                            case 1 -> s.start();
                            case 2 -> s.pause(true);
                            case 3 -> s.pause(false);
                            default -> s.drop();
                        }
                    } catch (SndException expected) {
                        // EBADFD, EPIPE, EBUSY: whichever state the others left
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }
            }));
        }
        threads.add(new Thread(() -> {
            for (int i = 0; i < 300; i++) {
                try {
                    writeSome(p, new byte[480 * 4], 0, 480 * 4);
                    readSome(c, 480 * 4);
                    readSome(c1, 480 * 4);
                } catch (SndException expected) {
                    // not accessible in this state
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
                clock.advance(1_000_000);
            }
        }));
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(30_000);
            assertFalse(t.isAlive(), "deadlock: " + Arrays.toString(t.getStackTrace()));
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        c.close(); // the middle member leaves; the other two stay linked
        assertTrue(p.linked() && c1.linked());
    }
}
