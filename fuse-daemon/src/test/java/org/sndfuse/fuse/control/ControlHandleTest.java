package org.sndfuse.fuse.control;

import org.sndfuse.fuse.FakeCallerMemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sndfuse.fuse.HandleTestSupport.PID;
import static org.sndfuse.fuse.HandleTestSupport.assertErrno;
import static org.sndfuse.fuse.HandleTestSupport.caller;
import static org.sndfuse.fuse.HandleTestSupport.nonblocking;

import org.junit.jupiter.api.Test;
import org.sndfuse.abi.StructBytes;
import org.sndfuse.abi.control.ControlIoctl;
import org.sndfuse.abi.control.CtlElemId;
import org.sndfuse.abi.control.CtlElemList;
import org.sndfuse.abi.control.CtlElemValue;
import org.sndfuse.abi.control.CtlEvent;
import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;
import org.sndfuse.timer.TimerCore;

/** The control handle's encoding: ids into the caller's array, in-out ints, values and events as structs. */
class ControlHandleTest {
    private final VirtualClock clock = new VirtualClock();
    private final LoopbackCard card = new LoopbackCard(new TimerCore(clock, 250), clock, 2, "", line -> { });
    private final FakeCallerMemory memory = new FakeCallerMemory();
    private final ControlHandle h = new ControlHandle(card.openControl(PID), memory);

    private static int i32(byte[] b, int off) {
        return StructBytes.of(b, b.length).i32(off);
    }

    private static byte[] int4(int v) {
        return StructBytes.allocate(4).i32(0, v).bytes();
    }

    @Test
    void elemListWritesIdsIntoTheCallersArray() {
        byte[] array = new byte[3 * CtlElemId.SIZE];
        memory.map(0x1000, array);
        byte[] in = new CtlElemList(26, 3, 0, 0, 0x1000).encodeOver(new byte[CtlElemList.SIZE]);
        CtlElemList out = CtlElemList.decode(h.ioctl(ControlIoctl.ELEM_LIST, 0, in, caller()).out());
        assertEquals(new CtlElemList(26, 3, 2, 28, 0x1000), out);
        assertEquals(27, i32(array, 0));
        assertEquals(28, i32(array, CtlElemId.SIZE));
        assertEquals(0, i32(array, 2 * CtlElemId.SIZE), "only 'used' entries are written");
        byte[] bad = new CtlElemList(0, 4, 0, 0, 0xdead0000L).encodeOver(new byte[CtlElemList.SIZE]);
        assertErrno(Errno.EFAULT, () -> h.ioctl(ControlIoctl.ELEM_LIST, 0, bad, caller()));
        byte[] count = new CtlElemList(0, 0, 0, 0, 0).encodeOver(new byte[CtlElemList.SIZE]);
        assertEquals(28, CtlElemList.decode(h.ioctl(ControlIoctl.ELEM_LIST, 0, count, caller()).out()).count());
    }

    @Test
    void pcmNextDeviceReadsTheCurrentDeviceFromTheCaller() {
        byte[] dev = new byte[4];
        memory.map(0x2000, dev);
        dev[0] = -1;
        dev[1] = -1;
        dev[2] = -1;
        dev[3] = -1;
        assertEquals(0, i32(h.ioctl(ControlIoctl.PCM_NEXT_DEVICE, 0x2000, new byte[0], caller()).out(), 0));
        assertErrno(Errno.EFAULT, () -> h.ioctl(ControlIoctl.PCM_NEXT_DEVICE, 0, new byte[0], caller()));
    }

    @Test
    void subscribeAsksOrSetsAndEventsReadAsStructs() {
        assertEquals(0, i32(h.ioctl(ControlIoctl.SUBSCRIBE_EVENTS, 0, int4(-1), caller()).out(), 0));
        assertEquals(1, i32(h.ioctl(ControlIoctl.SUBSCRIBE_EVENTS, 0, int4(1), caller()).out(), 0),
                "setting leaves the caller's int as it was");
        assertEquals(1, i32(h.ioctl(ControlIoctl.SUBSCRIBE_EVENTS, 0, int4(-1), caller()).out(), 0));
        assertErrno(Errno.EAGAIN, () -> h.read(0, CtlEvent.SIZE, nonblocking()));
        CtlElemValue v = new CtlElemValue(new CtlElemId(15, 0, 0, 0, "", 0), 85000);
        for (int i = 0; i < 3; i++) {
            h.ioctl(ControlIoctl.ELEM_WRITE, 0, new CtlElemValue(v.id(), 85000 + i).encode(false), caller());
        }
        byte[] got = h.read(0, 4 * CtlEvent.SIZE, nonblocking());
        assertEquals(CtlEvent.SIZE, got.length, "three writes of one element: one event");
        CtlEvent e = CtlEvent.decode(got);
        assertEquals(CtlEvent.MASK_VALUE, e.mask());
        assertEquals(new CtlElemId(15, CtlElemId.IFACE_PCM, 1, 0, "PCM Rate Shift 100000", 0), e.id());
    }

    @Test
    void preferSubdeviceReachesTheCardsLookup() {
        h.ioctl(ControlIoctl.PCM_PREFER_SUBDEVICE, 0, int4(1), caller());
        assertEquals(1, card.preferredSubdevice(PID));
        h.release();
        assertEquals(-1, card.preferredSubdevice(PID));
    }

    @Test
    void unknownRequestsAreEnotty() {
        assertErrno(Errno.ENOTTY, () -> h.ioctl(0xc0045540, 0, new byte[4], caller()));
    }
}
