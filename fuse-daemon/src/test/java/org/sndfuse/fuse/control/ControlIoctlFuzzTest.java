package org.sndfuse.fuse.control;

import org.sndfuse.fuse.FakeCallerMemory;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.control.ControlIoctl;
import org.sndfuse.abi.control.CtlElemId;
import org.sndfuse.abi.control.CtlElemList;
import org.sndfuse.abi.control.CtlEvent;
import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.FuzzPayload;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.timer.TimerCore;

/**
 * Bad input never crashes the control device: random requests (known and unknown numbers of type 'U'), random
 * payloads, ELEM_LIST with garbage pointers and PCM_NEXT_DEVICE with garbage arguments through a fake caller
 * memory, reads of random sizes and random (un)subscriptions. The only failure allowed is an errno; every open
 * file's queue stays within one event per element.
 */
class ControlIoctlFuzzTest {
    private static final long SEED = 20261201L;
    private static final int ROUNDS = 20_000;
    private static final int PID = 4343;
    private static final long ARRAY = 0x7000_0000L;
    private static final Caller NONBLOCK = new Caller(PID, 0, 0, Caller.O_NONBLOCK | Caller.O_RDWR, () -> true);

    private static final List<Integer> KNOWN = List.of(ControlIoctl.PVERSION, ControlIoctl.CARD_INFO,
            ControlIoctl.ELEM_LIST, ControlIoctl.ELEM_INFO, ControlIoctl.ELEM_READ, ControlIoctl.ELEM_WRITE,
            ControlIoctl.SUBSCRIBE_EVENTS, ControlIoctl.PCM_NEXT_DEVICE, ControlIoctl.PCM_INFO,
            ControlIoctl.PCM_PREFER_SUBDEVICE);

    /** A pointer that is mapped, partly mapped, null, or garbage. */
    private static long pointer(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> ARRAY;
            case 1 -> ARRAY + 40L * CtlElemId.SIZE;
            case 2 -> 0;
            default -> r.nextLong();
        };
    }

    @Test
    void controlDeviceAnswersEveryInputWithAnErrnoOrAResult() {
        Random r = new Random(SEED);
        VirtualClock clock = new VirtualClock();
        LoopbackCard card = new LoopbackCard(new TimerCore(clock, 250), clock, 2, "", line -> { });
        FakeCallerMemory memory = new FakeCallerMemory();
        memory.map(ARRAY, new byte[48 * CtlElemId.SIZE]);
        List<ControlHandle> handles = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            handles.add(new ControlHandle(card.openControl(PID), memory));
        }
        int elements = 2 * 2 * 7;
        int errors = 0;
        for (int i = 0; i < ROUNDS; i++) {
            ControlHandle h = handles.get(r.nextInt(handles.size()));
            int cmd = r.nextInt(6) == 0 ? (r.nextInt() & 0xffff00ff) | ('U' << 8) : KNOWN.get(r.nextInt(KNOWN.size()));
            byte[] in = FuzzPayload.of(r, cmd, -3, 50);
            long arg = pointer(r);
            if (cmd == ControlIoctl.ELEM_LIST && r.nextBoolean()) {
                in = new CtlElemList(r.nextInt(40) - 5L & 0xffffffffL, r.nextInt(60), r.nextInt(), r.nextInt(),
                        pointer(r)).encodeOver(in);
            }
            try {
                if (r.nextInt(8) == 0) {
                    h.read(0, r.nextInt(4 * CtlEvent.SIZE), NONBLOCK);
                } else {
                    h.ioctl(cmd, arg, in, NONBLOCK);
                }
            } catch (SndException e) {
                errors++;
            } catch (RuntimeException e) {
                fail(String.format("cmd 0x%08x with %d bytes threw %s", cmd, in.length, e), e);
            }
            for (ControlHandle each : handles) {
                assertTrue(each.file().pendingEvents() <= elements, "one event per element at most");
            }
            if (r.nextInt(500) == 0) {
                int k = r.nextInt(handles.size());
                handles.get(k).release();
                handles.set(k, new ControlHandle(card.openControl(PID), memory));
            }
        }
        handles.forEach(ControlHandle::release);
        assertTrue(errors > 0 && errors < ROUNDS, "a mix of successes and errnos: " + errors);
    }
}
