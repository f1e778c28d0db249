package org.sndfuse.aloop;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * Linked substreams (struct snd_pcm_group; pcm_native.c: snd_pcm_link, snd_pcm_unlink, snd_pcm_action_group;
 * docs/kernel-facts.md "Linked streams"): START, STOP/DROP, PAUSE, PREPARE, RESET, DRAIN and XRUN of one member
 * act on all of them, with the kernel's pre/do/post steps: every member's pre-check first (one failure and
 * nothing changes), then each member's trigger (a failure undoes the members already triggered), then every
 * member's new state, all stamped from one clock reading.
 *
 * <p>Lock: {@link #members} and each member's {@code group} field are written with the card lock and that
 * member's cable lock held, so either lock suffices to read a member's {@code group}. A group action takes the
 * card lock, then the cable lock of every member, in cable order (subdevice, then cable index): a group may span
 * both cables of a subdevice and several subdevices (docs/locking.md).
 */
final class PcmGroup {
    private static final Comparator<LoopbackCable> CABLE_ORDER =
            Comparator.<LoopbackCable>comparingInt(c -> c.subdevice).thenComparingInt(c -> c.index);

    private final List<PcmSubstream> members = new ArrayList<>();

    private PcmGroup() {}

    // ---- link / unlink ----

    /**
     * snd_pcm_link(): EBADFD when {@code other} is no open PCM of this card (the kernel's answer for an fd that is
     * not a PCM file), EINVAL for the same substream, EBADFD when {@code s} is in OPEN or the two states differ,
     * EALREADY when {@code other} is linked already; {@code other} then joins the group of {@code s}.
     */
    static void link(PcmSubstream s, PcmSubstream other) {
        LoopbackCard card = s.card;
        s.checkUsable();
        if (other == null || other.card != card || other.isReleased()) {
            throw new SndException(Errno.EBADFD, "not an open PCM of this card");
        }
        if (other == s) {
            throw new SndException(Errno.EINVAL, "cannot link a substream to itself");
        }
        card.locked(() -> {
            List<PcmSubstream> involved = new ArrayList<>(membersOf(s));
            involved.add(other);
            withCables(card, involved, () -> {
                s.checkUsable();
                if (other.isReleased()) {
                    throw new SndException(Errno.EBADFD, "not an open PCM");
                }
                if (s.rt.state == PcmState.OPEN || s.rt.state != other.rt.state) {
                    throw new SndException(Errno.EBADFD, "LINK of " + PcmState.name(s.rt.state) + " with "
                            + PcmState.name(other.rt.state));
                }
                if (other.group != null) {
                    throw new SndException(Errno.EALREADY, other + " is linked already");
                }
                PcmGroup g = s.group;
                if (g == null) {
                    g = new PcmGroup();
                    g.join(s);
                }
                g.join(other);
            });
        });
    }

    /** snd_pcm_unlink(): EALREADY when not linked; a group left with one member dissolves. */
    static void unlink(PcmSubstream s) {
        s.card.locked(() -> {
            s.checkUsable();
            if (s.group == null) {
                throw new SndException(Errno.EALREADY, s + " is not linked");
            }
            withCables(s.card, membersOf(s), () -> s.group.leave(s));
        });
    }

    /**
     * A linked substream's release (snd_pcm_release_substream: snd_pcm_drop, then pcm_release_private's
     * unlink): its whole group stops, then it leaves the group. Card lock held, no cable lock.
     */
    static void release(PcmSubstream s) {
        s.card.assertLocked();
        if (s.group == null) {
            return;
        }
        withCables(s.card, membersOf(s), () -> {
            if (s.rt.state != PcmState.OPEN && s.rt.state != PcmState.DISCONNECTED) {
                drop(s, s.group.members);
            }
            s.group.leave(s);
        });
    }

    private void join(PcmSubstream s) {
        members.add(s);
        s.group = this;
    }

    private void leave(PcmSubstream s) {
        members.remove(s);
        s.group = null;
        if (members.size() == 1) {
            members.remove(0).group = null; // the last one is unlinked too
        }
    }

    /** Whether {@code s} is linked to another substream (either of its locks held). */
    static boolean linked(PcmSubstream s) {
        return s.group != null;
    }

    // ---- running an action ----

    /**
     * snd_pcm_action(): {@code single} on {@code s} alone under its cable lock (the card lock first when
     * {@code withCard}), or {@code group} over the members of its group with the card lock and every member's
     * cable lock held.
     */
    static void action(PcmSubstream s, boolean withCard, Runnable single, Consumer<List<PcmSubstream>> group) {
        if (!withCard) {
            boolean done = s.cable.locked(() -> {
                s.checkUsable();
                if (s.group != null) {
                    return false;
                }
                single.run();
                return true;
            });
            if (done) {
                return;
            }
        }
        s.card.locked(() -> withCables(s.card, membersOf(s), () -> {
            s.checkUsable();
            if (s.group == null) {
                single.run();
            } else {
                group.accept(List.copyOf(s.group.members));
            }
        }));
    }

    /** The members of the group of {@code s}, or {@code s} alone (card lock held). */
    private static List<PcmSubstream> membersOf(PcmSubstream s) {
        s.card.assertLocked();
        return s.group == null ? List.of(s) : List.copyOf(s.group.members);
    }

    /** Runs {@code body} with the cable lock of every substream in {@code ms} held, taken in cable order. */
    private static void withCables(LoopbackCard card, List<PcmSubstream> ms, Runnable body) {
        card.assertLocked();
        assert noCableHeld(card) : "a cable lock is held before a group's cables are taken";
        List<LoopbackCable> cables = ms.stream().map(m -> m.cable).distinct().sorted(CABLE_ORDER).toList();
        lockChain(cables, 0, body);
    }

    private static void lockChain(List<LoopbackCable> cables, int i, Runnable body) {
        if (i == cables.size()) {
            body.run();
        } else {
            cables.get(i).locked(() -> lockChain(cables, i + 1, body));
        }
    }

    private static boolean noCableHeld(LoopbackCard card) {
        for (int sub = 0; sub < card.substreams(); sub++) {
            for (int index = 0; index < 2; index++) {
                LoopbackCable c = card.cableLocked(index, sub);
                if (c != null && c.heldByCurrentThread()) {
                    return false;
                }
            }
        }
        return true;
    }

    // ---- the group actions (card lock and every member's cable lock held) ----

    /**
     * snd_pcm_action_start over a group. A failed trigger is undone on the members before it and, unlike
     * snd_pcm_action_group but like snd_pcm_action_single, on the failed member too: aloop's START sets the
     * cable's running bit before its timer may refuse to start.
     */
    static void start(List<PcmSubstream> ms) {
        ms.forEach(m -> m.nat.preStart());
        for (int i = 0; i < ms.size(); i++) {
            try {
                ms.get(i).nat.doStart();
            } catch (SndException e) {
                for (int j = 0; j <= i; j++) {
                    ms.get(j).nat.undoStart();
                }
                throw e;
            }
        }
        long now = ms.get(0).card.clock().nanos();
        ms.forEach(m -> m.nat.postStart(PcmState.RUNNING, now));
    }

    /** snd_pcm_stop() over a group: EBADFD when a member is in OPEN; every member goes to {@code state}. */
    static void stop(List<PcmSubstream> ms, int state, String reason) {
        ms.forEach(m -> m.nat.preStop());
        long now = ms.get(0).card.clock().nanos();
        ms.forEach(m -> m.nat.stopMember(state, reason, now));
    }

    /** snd_pcm_drop(): the caller's own check, a paused group released, then the group stopped (result ignored). */
    static void drop(PcmSubstream s, List<PcmSubstream> ms) {
        s.nat.checkDroppable();
        if (s.rt.state == PcmState.PAUSED) {
            ignoring(() -> pause(ms, false));
        }
        ignoring(() -> stop(ms, PcmState.SETUP, null));
    }

    /** snd_pcm_action_pause over a group. */
    static void pause(List<PcmSubstream> ms, boolean push) {
        ms.forEach(m -> m.nat.prePause(push));
        for (int i = 0; i < ms.size(); i++) {
            try {
                ms.get(i).nat.doPause(push);
            } catch (SndException e) {
                for (int j = 0; j < i; j++) {
                    ms.get(j).nat.undoPause(push);
                }
                throw e;
            }
        }
        long now = ms.get(0).card.clock().nanos();
        ms.forEach(m -> m.nat.postPause(push, now));
    }

    /** snd_pcm_prepare() over a group: a paused or suspended caller stops the group first. */
    static void prepare(PcmSubstream s, List<PcmSubstream> ms) {
        if (s.rt.state == PcmState.PAUSED) {
            ignoring(() -> pause(ms, false));
            ignoring(() -> stop(ms, PcmState.SETUP, null));
        } else if (s.rt.state == PcmState.SUSPENDED) {
            ignoring(() -> stop(ms, PcmState.SETUP, null));
        }
        ms.forEach(m -> m.nat.prePrepare());
        ms.forEach(m -> m.nat.doPrepare());
        ms.forEach(m -> m.nat.postPrepare());
    }

    /** snd_pcm_reset() over a group. */
    static void reset(List<PcmSubstream> ms) {
        ms.forEach(m -> m.nat.preReset());
        ms.forEach(m -> m.nat.doReset());
    }

    /** snd_pcm_xrun(): a caller already in XRUN is left alone; a running one stops the group into XRUN. */
    static void xrun(PcmSubstream s, List<PcmSubstream> ms) {
        if (!s.nat.alreadyXrun()) {
            stop(ms, PcmState.XRUN, "XRUN requested");
        }
    }

    /** snd_pcm_resume() over a group: only suspended streams resume, and the loopback never suspends. */
    static void resume(List<PcmSubstream> ms) {
        ms.forEach(m -> m.nat.resume());
    }

    // ---- drain ----

    /**
     * snd_pcm_drain() of a linked stream: a paused caller releases the group, every member's drain starts together
     * (snd_pcm_action_drain_init), then the call waits until no playback member of the group is DRAINING. A
     * member's drain timing out stops the group (EIO).
     */
    static void drain(PcmSubstream s, boolean nonblock, BooleanSupplier interrupted) {
        action(s, false, () -> s.nat.drain(nonblock, interrupted), ms -> {
            if (s.rt.state == PcmState.OPEN) {
                throw new SndException(Errno.EBADFD, "DRAIN in state OPEN");
            }
            if (s.rt.state == PcmState.PAUSED) {
                ignoring(() -> pause(ms, false));
            }
            ms.forEach(m -> m.nat.preDrainInit());
            long now = s.card.clock().nanos();
            ms.forEach(m -> m.nat.drainInit(now));
        });
        if (nonblock) {
            throw new SndException(Errno.EAGAIN, "drain started");
        }
        while (true) {
            PcmSubstream t = s.card.locked(() -> drainingPlayback(s));
            if (t == null) {
                return;
            }
            try {
                t.cable.locked(() -> t.nat.waitDrained(s, interrupted));
            } catch (SndException e) {
                if (e.errno() == Errno.EIO) {
                    stopAfterDrainTimeout(s);
                }
                throw e;
            }
        }
    }

    /** A drain that timed out stops the caller's group (snd_pcm_drain's -EIO path); never fails. */
    static void stopAfterDrainTimeout(PcmSubstream s) {
        ignoring(() -> action(s, false, () -> s.nat.stopTo(PcmState.SETUP, null),
                ms -> stop(ms, PcmState.SETUP, null)));
    }

    /** A playback member of the group of {@code s} (or {@code s}) still DRAINING, or null. Card lock held. */
    static PcmSubstream drainingPlayback(PcmSubstream s) {
        List<PcmSubstream> ms = membersOf(s);
        PcmSubstream[] found = new PcmSubstream[1];
        withCables(s.card, ms, () -> {
            for (PcmSubstream m : ms) {
                if (m.stream() == PcmStream.PLAYBACK && m.rt.state == PcmState.DRAINING && !m.isReleased()) {
                    found[0] = m;
                    return;
                }
            }
        });
        return found[0];
    }

    // ---- what a member's own clock or transfer starts (stream lock only) ----

    /**
     * A transfer started {@code s} (snd_pcm_start from pcm_lib.c, under the stream lock only): the other PREPARED
     * members start once the cable lock is released, stamped with the same clock reading {@code clockNanos}. A
     * member that cannot start then stays PREPARED.
     */
    static void startOthersLater(PcmSubstream s, long clockNanos) {
        s.cable.assertLocked();
        if (s.group == null) {
            return;
        }
        s.cable.defer(() -> s.card.locked(() -> withCables(s.card, membersOf(s), () -> {
            if (s.group == null || s.rt.state != PcmState.RUNNING) {
                return;
            }
            for (PcmSubstream m : s.group.members) {
                if (m != s && m.rt.state == PcmState.PREPARED) {
                    ignoring(() -> {
                        m.nat.preStart();
                        try {
                            m.nat.doStart();
                        } catch (SndException e) {
                            m.nat.undoStart();
                            throw e;
                        }
                        m.nat.postStart(PcmState.RUNNING, clockNanos);
                    });
                }
            }
        })));
    }

    /**
     * {@code s} went to XRUN by its own clock or transfer (__snd_pcm_xrun under the stream lock only): the rest of
     * its group follows into XRUN once the cable lock is released, unless a member is in OPEN (snd_pcm_pre_stop) or
     * the client has already recovered from this xrun ({@code s} left XRUN or went through it again).
     */
    static void xrunOthersLater(PcmSubstream s) {
        s.cable.assertLocked();
        if (s.group == null) {
            return;
        }
        // The kernel stops the group at once, under the group lock; here the other members' locks are taken after
        // this cable's is let go, and the client may have recovered in between (jackd: DROP and PREPARE of the
        // group on seeing the xrun). Only this xrun, still current, spreads: not onto a group prepared again.
        long episode = s.rt.triggerNanos;
        s.cable.defer(() -> s.card.locked(() -> withCables(s.card, membersOf(s), () -> {
            if (s.group == null || s.rt.state != PcmState.XRUN || s.rt.triggerNanos != episode) {
                return;
            }
            List<PcmSubstream> others = new ArrayList<>(s.group.members);
            others.remove(s);
            if (others.stream().anyMatch(m -> m.rt.state == PcmState.OPEN)) {
                return;
            }
            long now = s.card.clock().nanos();
            for (PcmSubstream m : others) {
                if (m.rt.state != PcmState.XRUN) {
                    m.nat.stopMember(PcmState.XRUN, "linked stream xrun", now);
                }
            }
        })));
    }

    private static void ignoring(Runnable r) {
        try {
            r.run();
        } catch (SndException ignored) {
            // The kernel ignores the result of this step.
        }
    }
}
