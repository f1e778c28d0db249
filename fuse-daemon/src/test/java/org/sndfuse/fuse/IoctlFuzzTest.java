package org.sndfuse.fuse;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.IoctlRequest;
import org.sndfuse.abi.pcm.HwParams;
import org.sndfuse.abi.pcm.PcmAccess;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmInterval;
import org.sndfuse.abi.pcm.PcmIoctl;
import org.sndfuse.abi.pcm.PcmMask;
import org.sndfuse.abi.pcm.PcmParam;
import org.sndfuse.abi.pcm.Xferi;
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
 * Requests that reach the caller's memory (WRITEI/READI, WRITEN/READN, REWIND/FORWARD, CHANNEL_INFO) run
 * against a {@link FakeCallerMemory} with a few mapped regions and pointers that are valid, garbage or just
 * past a region's end: they too may only answer with an errno.
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
                PcmIoctl.XRUN, PcmIoctl.LINK, PcmIoctl.UNLINK, PcmIoctl.WRITEI_FRAMES, PcmIoctl.READI_FRAMES,
                PcmIoctl.WRITEN_FRAMES, PcmIoctl.READN_FRAMES, PcmIoctl.REWIND, PcmIoctl.FORWARD,
                PcmIoctl.CHANNEL_INFO);
    }

    /** Gives a substream valid parameters (either RW access, 1-4 channels) and prepares it, so transfers can run. */
    private static void setUp(PcmSubstream s, Random r) {
        HwParams p = HwParams.any();
        int access = r.nextBoolean() ? PcmAccess.RW_INTERLEAVED : PcmAccess.RW_NONINTERLEAVED;
        p.setMask(PcmParam.ACCESS, PcmMask.of(access));
        p.setMask(PcmParam.FORMAT, PcmMask.of(PcmFormat.S16_LE));
        p.setInterval(PcmParam.CHANNELS, PcmInterval.single(1 + r.nextInt(4)));
        p.setInterval(PcmParam.RATE, PcmInterval.single(48000));
        p.setInterval(PcmParam.PERIOD_SIZE, PcmInterval.single(240));
        p.setInterval(PcmParam.BUFFER_SIZE, PcmInterval.single(960));
        try {
            s.drop();
        } catch (SndException ignored) {
            // not set up yet
        }
        try {
            s.hwParams(p);
            s.prepare();
        } catch (SndException ignored) {
            // the other end of the cable may have fixed other parameters
        }
    }

    /** The fuzzed caller's address space: an argument struct, a pointer array and a frame buffer. */
    private static final long ARG = 0x1000, PTRS = 0x2000, DATA = 0x10000;
    private static final int DATA_SIZE = 64 * 1024;

    /** A pointer that is valid, at the end of a region, null, or garbage. */
    private static long pointer(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> DATA;
            case 1 -> DATA + r.nextInt(DATA_SIZE);
            case 2 -> DATA + DATA_SIZE;
            case 3 -> 0;
            case 4 -> PTRS;
            default -> r.nextLong();
        };
    }

    private static long frames(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> r.nextInt(4096);
            case 1 -> r.nextInt(8);
            case 2 -> -1 - r.nextInt(4);
            default -> r.nextLong();
        };
    }

    /**
     * Fills the memory for a request that reaches it: a transfer struct (buf/bufs pointer and frame count) both
     * as the copied-in payload and at ARG (where _IOR requests are read from), and a pointer array at PTRS.
     * Returns the argument address to pass: usually ARG, sometimes garbage.
     */
    private static long prepareMemory(Random r, int cmd, byte[] in, byte[] arg, byte[] ptrs) {
        if (cmd == PcmIoctl.WRITEI_FRAMES || cmd == PcmIoctl.READI_FRAMES || cmd == PcmIoctl.WRITEN_FRAMES
                || cmd == PcmIoctl.READN_FRAMES) {
            byte[] x = new Xferi(r.nextLong(), cmd == PcmIoctl.WRITEN_FRAMES || cmd == PcmIoctl.READN_FRAMES
                    ? (r.nextInt(4) == 0 ? pointer(r) : PTRS) : pointer(r), frames(r)).encode();
            System.arraycopy(x, 0, in, 0, Math.min(in.length, x.length));
            System.arraycopy(x, 0, arg, 0, x.length);
            for (int i = 0; i + 8 <= ptrs.length; i += 8) {
                long p = pointer(r);
                for (int b = 0; b < 8; b++) {
                    ptrs[i + b] = (byte) (p >> (8 * b));
                }
            }
        } else {
            r.nextBytes(arg);
        }
        return r.nextInt(8) == 0 ? pointer(r) : ARG;
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
        byte[] arg = new byte[Xferi.SIZE];
        byte[] ptrs = new byte[32 * 8];
        FakeCallerMemory memory = new FakeCallerMemory().map(ARG, arg).map(PTRS, ptrs).map(DATA, new byte[DATA_SIZE]);
        PcmIoctlDispatch dispatch = new PcmIoctlDispatch(memory);
        for (int d = 0; d < 2; d++) {
            for (int s = 0; s < 2; s++) {
                subs.add(card.open(d, s, -1, 4242, "fuzz"));
            }
        }
        int errors = 0;
        int transfers = 0;
        for (int i = 0; i < ROUNDS; i++) {
            int cmd = r.nextInt(6) == 0 ? (r.nextInt() & 0xffff00ff) | ('A' << 8) : known.get(r.nextInt(known.size()));
            PcmSubstream s = subs.get(r.nextInt(subs.size()));
            byte[] in = payload(r, cmd);
            long at = prepareMemory(r, cmd, in, arg, ptrs);
            try {
                dispatch.dispatch(s, cmd, at, in, NONBLOCK);
                if (cmd == PcmIoctl.WRITEI_FRAMES || cmd == PcmIoctl.READI_FRAMES || cmd == PcmIoctl.WRITEN_FRAMES
                        || cmd == PcmIoctl.READN_FRAMES) {
                    transfers++;
                }
            } catch (SndException e) {
                errors++;
            } catch (RuntimeException e) {
                fail(String.format("cmd 0x%08x with %d bytes threw %s", cmd, in.length, e), e);
            }
            if (r.nextInt(50) == 0) {
                clock.advance(r.nextInt(30_000_000));
            }
            if (r.nextInt(100) == 0) {
                setUp(subs.get(r.nextInt(subs.size())), r);
            }
        }
        subs.forEach(PcmSubstream::close);
        assertTrue(errors > 0 && errors < ROUNDS, "a mix of successes and errnos: " + errors);
        assertTrue(transfers > 0, "some transfers got through the fuzzed pointers");
    }
}
