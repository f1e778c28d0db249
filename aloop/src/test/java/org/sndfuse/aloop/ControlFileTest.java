package org.sndfuse.aloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.control.CtlElemId;
import org.sndfuse.abi.control.CtlElemValue;
import org.sndfuse.abi.control.CtlEvent;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.timer.TimerCore;

/** One open control file: element list clipping, events (merged per element), read, poll, preferred subdevice. */
class ControlFileTest {
    private final VirtualClock clock = new VirtualClock();
    private final LoopbackCard card = new LoopbackCard(new TimerCore(clock, 250), clock, 3, "", line -> { });

    private static CtlElemId numid(int n) {
        return new CtlElemId(n, 0, 0, 0, "", 0);
    }

    private static void write(ControlFile f, int numid, long value) {
        f.elemWrite(new CtlElemValue(numid(numid), value));
    }

    private static List<CtlEvent> events(byte[] b) {
        List<CtlEvent> out = new ArrayList<>();
        for (int off = 0; off < b.length; off += CtlEvent.SIZE) {
            byte[] one = new byte[CtlEvent.SIZE];
            System.arraycopy(b, off, one, 0, CtlEvent.SIZE);
            out.add(CtlEvent.decode(one));
        }
        return out;
    }

    private static List<CtlEvent> readAll(ControlFile f) {
        return events(f.read(64 * CtlEvent.SIZE, true, () -> false));
    }

    @Test
    void changesOfOneElementMergeIntoItsUnreadEvent() {
        ControlFile writer = card.openControl(10);
        ControlFile reader = card.openControl(11);
        reader.subscribe(true);
        write(writer, 1, 90000);
        write(writer, 1, 91000);
        write(writer, 1, 92000);
        assertEquals(1, reader.pendingEvents(), "three writes, one unread event");
        write(writer, 2, 1); // PCM Notify of the same substream
        List<CtlEvent> got = readAll(reader);
        assertEquals(2, got.size());
        assertEquals(new CtlEvent(CtlEvent.MASK_VALUE, card.openControl(12).elemRead(numid(1)).id()), got.get(0));
        assertEquals(2, got.get(1).id().numid());
        write(writer, 1, 93000);
        got = readAll(reader);
        assertEquals(1, got.size(), "after reading, a new change is a new event");
        assertEquals(1, got.get(0).id().numid());
    }

    @Test
    void aMergeKeepsTheEventsPlaceAndOrsTheMask() {
        ControlFile f = card.openControl(10);
        f.subscribe(true);
        CtlElemId a = f.elemRead(numid(8)).id();
        CtlElemId b = f.elemRead(numid(9)).id();
        f.notify(a, CtlEvent.MASK_INFO);
        f.notify(b, CtlEvent.MASK_VALUE);
        f.notify(a, CtlEvent.MASK_VALUE);
        assertEquals(List.of(new CtlEvent(CtlEvent.MASK_VALUE | CtlEvent.MASK_INFO, a),
                new CtlEvent(CtlEvent.MASK_VALUE, b)), readAll(f));
    }

    @Test
    void theQueueNeverHoldsMoreEventsThanElements() {
        ControlFile f = card.openControl(10);
        f.subscribe(true);
        int count = f.elemList(0, 0).count();
        for (int round = 0; round < 5; round++) {
            for (int n = 1; n <= count; n++) {
                f.notify(f.elemRead(numid(n)).id(), CtlEvent.MASK_VALUE);
            }
        }
        assertEquals(count, f.pendingEvents());
    }

    @Test
    void readNeedsASubscriptionAndRoomForOneEvent() {
        ControlFile f = card.openControl(10);
        assertEquals(Errno.EBADFD, assertThrows(SndException.class, () -> f.read(72, true, () -> false)).errno());
        write(f, 1, 90000); // not subscribed: nothing queued
        f.subscribe(true);
        assertTrue(f.subscribed());
        assertEquals(Errno.EAGAIN, assertThrows(SndException.class, () -> f.read(72, true, () -> false)).errno());
        assertEquals(Errno.EINTR, assertThrows(SndException.class, () -> f.read(72, false, () -> true)).errno());
        write(f, 1, 91000);
        assertEquals(Errno.EINVAL, assertThrows(SndException.class, () -> f.read(71, true, () -> false)).errno());
        write(f, 8, 91000);
        assertEquals(1, events(f.read(72 + 71, true, () -> false)).size(), "whole events only");
        f.subscribe(false);
        assertFalse(f.subscribed());
        assertEquals(0, f.pendingEvents(), "unsubscribing drops unread events");
    }

    @Test
    void elemListClipsLikeTheKernel() {
        ControlFile f = card.openControl(10);
        ControlFile.ElemList all = f.elemList(0, 1000);
        assertEquals(42, all.count());
        assertEquals(42, all.ids().size());
        ControlFile.ElemList tail = f.elemList(40, 8);
        assertEquals(List.of(41, 42), tail.ids().stream().map(CtlElemId::numid).toList());
        assertEquals(42, tail.count());
        assertEquals(0, f.elemList(3, 0).ids().size());
        assertEquals(0, f.elemList(42, 8).ids().size());
        assertEquals(0, f.elemList(0xffffffffL, 0xffffffffL).ids().size());
        assertEquals(List.of(8, 9), f.elemList(7, 2).ids().stream().map(CtlElemId::numid).toList());
    }

    @Test
    void elemWriteAnswersTheWrittenValueUnderTheFullId() {
        ControlFile f = card.openControl(10);
        CtlElemValue v = f.elemWrite(new CtlElemValue(
                new CtlElemId(0, CtlElemId.IFACE_PCM, 0, 1, "PCM Rate Shift 100000", 0), 10));
        assertEquals(8, v.id().numid());
        assertEquals(10, v.value());
        assertEquals(80000, f.elemRead(numid(8)).value(), "the driver clamps what it stores");
        assertEquals(Errno.EPERM, assertThrows(SndException.class, () -> write(f, 3, 1)).errno());
        assertEquals(Errno.ENOENT, assertThrows(SndException.class, () -> write(f, 43, 1)).errno());
    }

    @Test
    void preferredSubdeviceIsLookedUpByTheCallersPid() {
        ControlFile first = card.openControl(10);
        ControlFile second = card.openControl(10);
        ControlFile other = card.openControl(11);
        assertEquals(-1, card.preferredSubdevice(10));
        second.preferSubdevice(2);
        other.preferSubdevice(1);
        assertEquals(2, card.preferredSubdevice(10));
        first.preferSubdevice(0);
        assertEquals(0, card.preferredSubdevice(10), "the first file in open order that set one");
        first.release();
        assertEquals(2, card.preferredSubdevice(10));
        second.release();
        assertEquals(-1, card.preferredSubdevice(10));
        assertEquals(1, card.preferredSubdevice(11));
        assertEquals(-1, card.preferredSubdevice(12));
    }

    @Test
    void pollWakesOnTheNextEventAndOnDisconnect() throws Exception {
        ControlFile f = card.openControl(10);
        AtomicInteger woken = new AtomicInteger();
        assertEquals(0, f.poll(woken::incrementAndGet));
        f.subscribe(true);
        assertEquals(0, f.poll(woken::incrementAndGet));
        assertEquals(1, woken.get(), "the replaced waiter is answered");
        write(f, 1, 90000);
        assertEquals(2, woken.get());
        assertEquals(ControlFile.POLLIN | ControlFile.POLLRDNORM, f.poll(null));
        readAll(f);
        assertEquals(0, f.poll(woken::incrementAndGet));

        AtomicInteger errno = new AtomicInteger();
        Thread reader = new Thread(() -> {
            try {
                f.read(72, false, () -> false);
            } catch (SndException e) {
                errno.set(e.errno());
            }
        });
        reader.start();
        Thread.sleep(100);
        card.disconnect();
        reader.join(2000);
        assertFalse(reader.isAlive());
        assertEquals(Errno.ENODEV, errno.get());
        assertEquals(3, woken.get());
        assertTrue((f.poll(null) & ControlFile.POLLERR) != 0);
        assertEquals(Errno.ENODEV, assertThrows(SndException.class, () -> card.openControl(10)).errno());
    }

    @Test
    void aReleasedFileGetsNoMoreEvents() {
        ControlFile f = card.openControl(10);
        ControlFile w = card.openControl(11);
        f.subscribe(true);
        f.release();
        write(w, 1, 90000);
        assertEquals(0, f.pendingEvents());
    }
}
