package org.sndfuse.fuse;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.IoctlRequest;
import org.sndfuse.abi.pcm.PcmIoctl;
import org.sndfuse.abi.timer.TimerIoctl;
import org.sndfuse.abi.timer.TimerUinfo;
import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.aloop.PcmSubstream;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.pcm.PcmIoctlDispatch;
import org.sndfuse.fuse.timer.TimerIoctlDispatch;
import org.sndfuse.timer.TimerCore;
import org.sndfuse.timer.TimerUser;

/**
 * Bad input never crashes the daemon: random request numbers and random payloads, for known requests and
 * unknown ones, reach the timer and PCM dispatchers, and the only failure allowed is an errno (SndException).
 * Requests that would touch another process's memory (WRITEI/READI, REWIND/FORWARD, CHANNEL_INFO) are left out:
 * their errors come from process_vm_readv and are covered through the mount.
 */
class IoctlFuzzTest {
    private static final long SEED = 20261123L;
    private static final int ROUNDS = 20_000;

    private static final Caller NONBLOCK = new Caller(4242, 0, 0, Caller.O_NONBLOCK | Caller.O_RDWR, () -> true);

    private static List<Integer> timerCmds() {
        List<Integer> c = new ArrayList<>(List.of(TimerIoctl.PVERSION, TimerIoctl.NEXT_DEVICE, TimerIoctl.TREAD_OLD,
                TimerIoctl.GINFO, TimerIoctl.GPARAMS, TimerIoctl.GSTATUS, TimerIoctl.SELECT, TimerIoctl.INFO,
                TimerIoctl.PARAMS, TimerIoctl.STATUS, TimerIoctl.START, TimerIoctl.STOP, TimerIoctl.CONTINUE,
                TimerIoctl.PAUSE, TimerIoctl.TREAD64, TimerIoctl.CREATE, TimerIoctl.TRIGGER));
        return c;
    }

    private static List<Integer> pcmCmds() {
        return List.of(PcmIoctl.PVERSION, PcmIoctl.INFO, PcmIoctl.TSTAMP, PcmIoctl.TTSTAMP, PcmIoctl.USER_PVERSION,
                PcmIoctl.HW_REFINE, PcmIoctl.HW_PARAMS, PcmIoctl.HW_FREE, PcmIoctl.SW_PARAMS, PcmIoctl.STATUS,
                PcmIoctl.STATUS_EXT, PcmIoctl.DELAY, PcmIoctl.HWSYNC, PcmIoctl.SYNC_PTR, PcmIoctl.PREPARE,
                PcmIoctl.RESET, PcmIoctl.START, PcmIoctl.DROP, PcmIoctl.DRAIN, PcmIoctl.PAUSE, PcmIoctl.RESUME,
                PcmIoctl.XRUN, PcmIoctl.LINK, PcmIoctl.UNLINK);
    }

    /** A payload of the request's size: zeros, all ones, random bytes, or small random integers. */
    private static byte[] payload(Random r, int cmd) {
        int size = IoctlRequest.decode(cmd).size();
        byte[] b = new byte[size];
        switch (r.nextInt(4)) {
            case 0 -> { }
            case 1 -> java.util.Arrays.fill(b, (byte) 0xff);
            case 2 -> r.nextBytes(b);
            default -> {
                for (int i = 0; i + 4 <= size; i += 4) {
                    int v = r.nextInt(9) - 2;
                    b[i] = (byte) v;
                    b[i + 1] = (byte) (v >> 8);
                    b[i + 2] = (byte) (v >> 16);
                    b[i + 3] = (byte) (v >> 24);
                }
            }
        }
        return b;
    }

    @Test
    void timerDispatchAnswersEveryInputWithAnErrnoOrAResult() {
        Random r = new Random(SEED);
        TimerCore core = new TimerCore(new VirtualClock(), 250);
        List<Integer> known = timerCmds();
        List<TimerUser> users = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            users.add(new TimerUser(core, 100 + i));
        }
        int errors = 0;
        for (int i = 0; i < ROUNDS; i++) {
            int cmd = r.nextInt(5) == 0 ? r.nextInt() : known.get(r.nextInt(known.size()));
            TimerUser u = users.get(r.nextInt(users.size()));
            byte[] in = payload(r, cmd);
            if (cmd == TimerIoctl.CREATE && r.nextBoolean()) {
                in = new TimerUinfo(1 + r.nextInt(1_000_000_000), -1, 0).encode();
            }
            try {
                TimerIoctlDispatch.dispatch(core, u, cmd, in);
            } catch (SndException e) {
                errors++;
            } catch (RuntimeException e) {
                fail(String.format("cmd 0x%08x with %d bytes threw %s", cmd, in.length, e), e);
            }
            if (r.nextInt(500) == 0) {
                int k = r.nextInt(users.size());
                users.get(k).release();
                users.set(k, new TimerUser(core, 200 + i));
            }
        }
        users.forEach(TimerUser::release);
        assertTrue(errors > 0 && errors < ROUNDS, "a mix of successes and errnos: " + errors);
    }

    @Test
    void pcmDispatchAnswersEveryInputWithAnErrnoOrAResult() {
        Random r = new Random(SEED + 1);
        VirtualClock clock = new VirtualClock();
        TimerCore core = new TimerCore(clock, 250);
        LoopbackCard card = new LoopbackCard(core, clock, 2, "", line -> { });
        List<Integer> known = pcmCmds();
        List<PcmSubstream> subs = new ArrayList<>();
        for (int d = 0; d < 2; d++) {
            for (int s = 0; s < 2; s++) {
                subs.add(card.open(d, s, -1, 4242, "fuzz"));
            }
        }
        int errors = 0;
        for (int i = 0; i < ROUNDS; i++) {
            int cmd = r.nextInt(6) == 0 ? (r.nextInt() & 0xffff00ff) | ('A' << 8) : known.get(r.nextInt(known.size()));
            if (cmd == PcmIoctl.WRITEI_FRAMES || cmd == PcmIoctl.READI_FRAMES || cmd == PcmIoctl.WRITEN_FRAMES
                    || cmd == PcmIoctl.READN_FRAMES || cmd == PcmIoctl.REWIND || cmd == PcmIoctl.FORWARD
                    || cmd == PcmIoctl.CHANNEL_INFO) {
                continue;
            }
            PcmSubstream s = subs.get(r.nextInt(subs.size()));
            byte[] in = payload(r, cmd);
            try {
                new PcmIoctlDispatch(new FakeCallerMemory()).dispatch(s, cmd, 0, in, NONBLOCK);
            } catch (SndException e) {
                errors++;
            } catch (RuntimeException e) {
                fail(String.format("cmd 0x%08x with %d bytes threw %s", cmd, in.length, e), e);
            }
            if (r.nextInt(50) == 0) {
                clock.advance(r.nextInt(30_000_000));
            }
        }
        subs.forEach(PcmSubstream::close);
        assertTrue(errors > 0 && errors < ROUNDS, "a mix of successes and errnos: " + errors);
    }
}
