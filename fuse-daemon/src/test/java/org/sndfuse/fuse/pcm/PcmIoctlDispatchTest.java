package org.sndfuse.fuse.pcm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.fuse.HandleTestSupport.assertErrno;
import static org.sndfuse.fuse.HandleTestSupport.caller;

import org.sndfuse.fuse.FakeCallerMemory;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.IoctlRequest;
import org.sndfuse.abi.StructBytes;
import org.sndfuse.abi.control.ControlIoctl;
import org.sndfuse.abi.pcm.HwParams;
import org.sndfuse.abi.pcm.MmapControl;
import org.sndfuse.abi.pcm.MmapStatus;
import org.sndfuse.abi.pcm.PcmAccess;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmInfo;
import org.sndfuse.abi.pcm.PcmInterval;
import org.sndfuse.abi.pcm.PcmIoctl;
import org.sndfuse.abi.pcm.PcmMask;
import org.sndfuse.abi.pcm.PcmParam;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.abi.pcm.PcmStatus;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.abi.pcm.SwParams;
import org.sndfuse.abi.pcm.SyncPtr;
import org.sndfuse.abi.timer.TimerIoctl;
import org.sndfuse.abi.preload.Hello;
import org.sndfuse.abi.preload.PreloadIoctl;
import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.aloop.PcmSubstream;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;
import org.sndfuse.fuse.handle.IoctlReply;
import org.sndfuse.timer.TimerCore;

/** {@link PcmIoctlDispatch} on a real loopback substream, with encoded records and no FUSE. */
class PcmIoctlDispatchTest {
    private static final byte[] NONE = new byte[0];
    private static final long MS = 1_000_000L;
    private static final FakeCallerMemory memory = new FakeCallerMemory();

    private final VirtualClock clock = new VirtualClock();
    private final TimerCore core = new TimerCore(clock, 250);
    private final List<String> log = new ArrayList<>();
    private final LoopbackCard card = new LoopbackCard(core, clock, 8, "", log::add);
    private final List<PcmSubstream> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(PcmSubstream::close);
    }

    private PcmSubstream open(int device, int stream) {
        PcmSubstream s = card.open(device, stream, -1, 1234, "pid 1234");
        opened.add(s);
        return s;
    }

    private static IoctlReply call(PcmSubstream s, int cmd, byte[] in) {
        return new PcmIoctlDispatch(memory).dispatch(s, cmd, 0, in, caller());
    }

    private static byte[] intArg(int v) {
        return StructBytes.allocate(4).i32(0, v).bytes();
    }

    private static HwParams wanted(int rate, int channels, long period, long buffer) {
        HwParams p = HwParams.any();
        p.setMask(PcmParam.ACCESS, PcmMask.of(PcmAccess.RW_INTERLEAVED));
        p.setMask(PcmParam.FORMAT, PcmMask.of(PcmFormat.S16_LE));
        p.setInterval(PcmParam.CHANNELS, PcmInterval.single(channels));
        p.setInterval(PcmParam.RATE, PcmInterval.single(rate));
        p.setInterval(PcmParam.PERIOD_SIZE, PcmInterval.single(period));
        p.setInterval(PcmParam.BUFFER_SIZE, PcmInterval.single(buffer));
        return p;
    }

    private static SwParams sw(long availMin, long start, long stop) {
        return new SwParams(SwParams.TSTAMP_NONE, 1, 0, availMin, 1, start, stop, 0, 0, 0, 0, 0);
    }

    private static SyncPtr syncRequest(int flags) {
        return new SyncPtr(flags, new MmapStatus(0, 0, 0, 0, 0, 0, 0), new MmapControl(0, 0));
    }

    /** OPEN → HW_PARAMS → SW_PARAMS → PREPARE, all through the dispatcher. */
    private PcmSubstream prepared(int device, int stream) {
        PcmSubstream s = open(device, stream);
        call(s, PcmIoctl.HW_PARAMS, wanted(48000, 2, 960, 3840).encode());
        call(s, PcmIoctl.SW_PARAMS, sw(960, 1, 3840).encode());
        call(s, PcmIoctl.PREPARE, NONE);
        return s;
    }

    @Test
    void pversion() {
        IoctlReply r = call(open(0, PcmStream.PLAYBACK), PcmIoctl.PVERSION, NONE);
        assertEquals(0, r.result());
        assertEquals(4, r.out().length);
        assertEquals(PcmIoctl.PROTOCOL_VERSION, StructBytes.of(r.out(), 4).i32(0));
        assertEquals((2 << 16) | 15, PcmIoctl.PROTOCOL_VERSION);
    }

    @Test
    void info() {
        open(1, PcmStream.CAPTURE);
        PcmSubstream s = open(1, PcmStream.CAPTURE);
        IoctlReply r = call(s, PcmIoctl.INFO, NONE);
        assertEquals(PcmInfo.SIZE, r.out().length);
        PcmInfo i = PcmInfo.decode(r.out());
        assertEquals(1, i.device());
        assertEquals(1, i.subdevice(), "the second open got subdevice 1");
        assertEquals(PcmStream.CAPTURE, i.stream());
        assertEquals(0, i.card());
        assertEquals("Loopback PCM", i.id());
        assertEquals("subdevice #1", i.subname());
        assertEquals(8, i.subdevicesCount());
        assertEquals(6, i.subdevicesAvail());
    }

    @Test
    void hwRefineNarrowsWithoutChoosing() {
        PcmSubstream s = open(0, PcmStream.PLAYBACK);
        IoctlReply r = call(s, PcmIoctl.HW_REFINE, HwParams.any().encode());
        assertEquals(HwParams.SIZE, r.out().length);
        HwParams p = HwParams.decode(r.out());
        assertTrue(p.mask(PcmParam.FORMAT).test(PcmFormat.S16_LE));
        assertTrue(p.interval(PcmParam.RATE).test(48000));
        assertTrue(p.interval(PcmParam.CHANNELS).test(2));
        assertFalse(p.interval(PcmParam.RATE).isSingle(), "refine leaves a range");
        assertTrue(p.mask(PcmParam.ACCESS).test(PcmAccess.RW_INTERLEAVED));
        assertEquals(PcmState.OPEN, s.snapshot().state(), "refine changes no state");

        HwParams impossible = HwParams.any();
        impossible.setInterval(PcmParam.RATE, PcmInterval.single(1));
        assertErrno(Errno.EINVAL, () -> call(s, PcmIoctl.HW_REFINE, impossible.encode()));
    }

    @Test
    void fullSequenceOnACapture() {
        PcmSubstream s = open(1, PcmStream.CAPTURE);

        HwParams chosen = HwParams.decode(call(s, PcmIoctl.HW_PARAMS, wanted(48000, 2, 960, 3840).encode()).out());
        assertEquals(48000, chosen.interval(PcmParam.RATE).value());
        assertEquals(960, chosen.interval(PcmParam.PERIOD_SIZE).value());
        assertEquals(4, chosen.interval(PcmParam.PERIODS).value());
        assertEquals(PcmState.SETUP, s.snapshot().state());
        assertEquals(4, s.snapshot().frameBytes());

        SwParams swOut = SwParams.decode(call(s, PcmIoctl.SW_PARAMS, sw(960, 1, 3840).encode()).out());
        assertTrue(swOut.boundary() > 0, "the boundary is filled in");
        assertEquals(0, swOut.boundary() % 3840, "a multiple of the buffer size");

        assertEquals(0, call(s, PcmIoctl.PREPARE, NONE).out().length);
        assertEquals(PcmState.PREPARED, s.snapshot().state());

        PcmStatus st = PcmStatus.decode(call(s, PcmIoctl.STATUS, NONE).out());
        assertEquals(PcmState.PREPARED, st.state());
        assertEquals(0, st.hwPtr());
        assertEquals(0, st.applPtr());

        SyncPtr sp = SyncPtr.decode(call(s, PcmIoctl.SYNC_PTR,
                syncRequest(SyncPtr.FLAG_APPL | SyncPtr.FLAG_AVAIL_MIN).encode()).out());
        assertEquals(PcmState.PREPARED, sp.status().state());
        assertEquals(0, sp.control().applPtr());
        assertEquals(960, sp.control().availMin(), "read back, not overwritten");

        assertEquals(0, StructBytes.of(call(s, PcmIoctl.DELAY, NONE).out(), 8).i64(0));

        call(s, PcmIoctl.START, NONE);
        assertEquals(PcmState.RUNNING, s.snapshot().state());
        clock.advance(20 * MS);
        SyncPtr running = SyncPtr.decode(call(s, PcmIoctl.SYNC_PTR,
                syncRequest(SyncPtr.FLAG_HWSYNC | SyncPtr.FLAG_APPL | SyncPtr.FLAG_AVAIL_MIN).encode()).out());
        assertEquals(PcmState.RUNNING, running.status().state());
        assertEquals(960, running.status().hwPtr(), "20 ms at 48 kHz");
        assertEquals(960, StructBytes.of(call(s, PcmIoctl.DELAY, NONE).out(), 8).i64(0),
                "a capture's delay is what it can read");
        PcmStatus st2 = PcmStatus.decode(call(s, PcmIoctl.STATUS, NONE).out());
        assertEquals(960, st2.avail());
        assertTrue(st2.triggerSec() > 0, "the trigger time is stamped (realtime by default)");

        call(s, PcmIoctl.PAUSE, intArg(1));
        assertEquals(PcmState.PAUSED, s.snapshot().state());
        clock.advance(20 * MS);
        assertEquals(960, s.snapshot().hwPtr(), "paused: no movement");
        call(s, PcmIoctl.PAUSE, intArg(0));
        assertEquals(PcmState.RUNNING, s.snapshot().state());

        call(s, PcmIoctl.DROP, NONE);
        assertEquals(PcmState.SETUP, s.snapshot().state());
        call(s, PcmIoctl.HW_FREE, NONE);
        assertEquals(PcmState.OPEN, s.snapshot().state());
    }

    @Test
    void syncPtrWritesTheApplPointerUnlessAskedToReadIt() {
        PcmSubstream s = prepared(0, PcmStream.PLAYBACK);
        SyncPtr in = new SyncPtr(0, new MmapStatus(0, 0, 0, 0, 0, 0, 0), new MmapControl(100, 480));
        SyncPtr out = SyncPtr.decode(call(s, PcmIoctl.SYNC_PTR, in.encode()).out());
        assertEquals(100, out.control().applPtr());
        assertEquals(480, out.control().availMin());
        assertEquals(100, s.snapshot().applPtr());
    }

    @Test
    void playbackStartNeedsData() {
        PcmSubstream s = prepared(0, PcmStream.PLAYBACK);
        assertErrno(Errno.EPIPE, () -> call(s, PcmIoctl.START, NONE));
        assertEquals(PcmState.PREPARED, s.snapshot().state());
    }

    @Test
    void pauseTakesItsFlagFromIn() {
        PcmSubstream s = prepared(1, PcmStream.CAPTURE);
        call(s, PcmIoctl.START, NONE);
        call(s, PcmIoctl.PAUSE, intArg(7));
        assertEquals(PcmState.PAUSED, s.snapshot().state(), "any non-zero int pushes");
        assertErrno(Errno.EBADFD, () -> call(s, PcmIoctl.PAUSE, intArg(1)));
        call(s, PcmIoctl.PAUSE, NONE);
        assertEquals(PcmState.RUNNING, s.snapshot().state(), "no bytes read as 0: release");
        assertErrno(Errno.EBADFD, () -> call(s, PcmIoctl.PAUSE, intArg(0)));
    }

    @Test
    void stateErrorsThroughTheDispatcher() {
        PcmSubstream s = open(0, PcmStream.CAPTURE);
        assertErrno(Errno.EBADFD, () -> call(s, PcmIoctl.SW_PARAMS, sw(960, 1, 3840).encode()));
        assertErrno(Errno.EBADFD, () -> call(s, PcmIoctl.PREPARE, NONE));
        assertErrno(Errno.EBADFD, () -> call(s, PcmIoctl.START, NONE));
        assertErrno(Errno.EBADFD, () -> call(s, PcmIoctl.DROP, NONE));
        assertErrno(Errno.EBADFD, () -> call(s, PcmIoctl.DELAY, NONE));
        assertErrno(Errno.EBADFD, () -> call(s, PcmIoctl.HW_FREE, NONE));
        assertEquals(PcmState.OPEN, PcmStatus.decode(call(s, PcmIoctl.STATUS, NONE).out()).state());
        call(s, PcmIoctl.HW_PARAMS, wanted(48000, 2, 960, 3840).encode());
        assertErrno(Errno.EBADFD, () -> call(s, PcmIoctl.START, NONE), "START in SETUP");
        assertErrno(Errno.EBADFD, () -> call(s, PcmIoctl.PAUSE, intArg(1)));
        assertErrno(Errno.EINVAL, () -> call(s, PcmIoctl.SW_PARAMS, sw(0, 1, 3840).encode()), "avail_min 0");
    }

    @Test
    void impossibleHwParamsIsEinvalAndLeavesOpen() {
        PcmSubstream s = open(0, PcmStream.PLAYBACK);
        assertErrno(Errno.EINVAL, () -> call(s, PcmIoctl.HW_PARAMS, wanted(1, 2, 960, 3840).encode()));
        assertEquals(PcmState.OPEN, s.snapshot().state());
    }

    @Test
    void smallIntIoctls() {
        PcmSubstream s = open(0, PcmStream.PLAYBACK);
        assertEquals(0, call(s, PcmIoctl.USER_PVERSION, intArg((2 << 16) | 14)).result());
        assertEquals((2 << 16) | 14, s.snapshot().userPversion());
        call(s, PcmIoctl.TTSTAMP, intArg(SwParams.TSTAMP_TYPE_MONOTONIC));
        assertErrno(Errno.EINVAL, () -> call(s, PcmIoctl.TTSTAMP, intArg(3)));
        call(s, PcmIoctl.TSTAMP, intArg(1));
    }

    @Test
    void unknownRequestIsEnotty() {
        PcmSubstream s = open(0, PcmStream.PLAYBACK);
        assertErrno(Errno.ENOTTY, () -> call(s, 0x12345678, NONE));
        assertErrno(Errno.ENOTTY, () -> call(s, IoctlRequest.io('A', 0x7f), NONE));
        assertErrno(Errno.ENOTTY, () -> call(s, TimerIoctl.PVERSION, NONE), "a timer request on a PCM");
        assertErrno(Errno.ENOTTY, () -> call(s, ControlIoctl.PVERSION, NONE), "a control request on a PCM");
        assertErrno(Errno.ENOTTY, () -> call(s, IoctlRequest.iow('A', 0x54, 24), NONE), "no request 0x54");
    }

    @Test
    void linkByTokenPrivatePauseAndUnlink() {
        PcmIoctlDispatch d = new PcmIoctlDispatch(memory);
        PcmSubstream p = open(0, PcmStream.PLAYBACK);
        PcmSubstream c = open(0, PcmStream.CAPTURE);
        PcmHandle hp = new PcmHandle(p, d);
        PcmHandle hc = new PcmHandle(c, d);
        assertTrue(hp.hello().token() != 0 && hp.hello().token() != hc.hello().token());
        assertTrue(Math.abs(hp.hello().token() - hc.hello().token()) > 1_000_000, "random, not a counter");
        assertErrno(Errno.EINVAL, () -> hp.ioctl(PcmIoctl.LINK, 0, intArg(5), caller()), "an fd by pointer");
        assertErrno(Errno.EALREADY, () -> hp.ioctl(PcmIoctl.UNLINK, 0, NONE, caller()));
        for (PcmSubstream s : List.of(p, c)) {
            s.hwParams(wanted(48000, 2, 480, 1920));
            s.prepare();
        }
        assertErrno(Errno.EBADFD, () -> hp.ioctl(PreloadIoctl.PCM_LINK, 0, token(12345), caller()), "no such token");
        assertErrno(Errno.EBADFD, () -> hp.ioctl(PreloadIoctl.PCM_LINK, 0, token(hc.hello().token()), caller()),
                "a description that never said HELLO cannot be named");
        byte[] hello = new Hello(PreloadIoctl.VERSION, 0, 0).encodeOver(new byte[Hello.SIZE]);
        hp.ioctl(PreloadIoctl.HELLO, 0, hello.clone(), caller());
        hc.ioctl(PreloadIoctl.HELLO, 0, hello.clone(), caller());
        assertErrno(Errno.EINVAL, () -> hp.ioctl(PreloadIoctl.PCM_LINK, 0, token(hp.hello().token()), caller()));
        hp.ioctl(PreloadIoctl.PCM_LINK, 0, token(hc.hello().token()), caller());
        assertTrue(p.linked() && c.linked());
        p.write(new byte[1920 * 4], true, () -> false);
        assertEquals(PcmState.RUNNING, c.snapshot().state()); // the write started the group
        hc.ioctl(PreloadIoctl.PCM_PAUSE, 0, intArg(1), caller());
        assertEquals(PcmState.PAUSED, p.snapshot().state());
        hp.ioctl(PcmIoctl.PAUSE, 0, intArg(0), caller()); // the kernel's number with a pointer
        assertEquals(PcmState.RUNNING, c.snapshot().state());
        hc.ioctl(PcmIoctl.UNLINK, 0, NONE, caller());
        assertFalse(p.linked());
        hc.release();
        assertErrno(Errno.EBADFD, () -> hp.ioctl(PreloadIoctl.PCM_LINK, 0, token(hc.hello().token()), caller()),
                "a closed description's token");
    }

    private static byte[] token(long t) {
        return StructBytes.allocate(8).i64(0, t).bytes();
    }
}
