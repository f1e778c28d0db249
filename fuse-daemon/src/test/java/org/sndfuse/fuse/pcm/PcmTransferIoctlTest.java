package org.sndfuse.fuse.pcm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sndfuse.fuse.HandleTestSupport.assertErrno;
import static org.sndfuse.fuse.HandleTestSupport.caller;
import static org.sndfuse.fuse.HandleTestSupport.nonblocking;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.StructBytes;
import org.sndfuse.abi.pcm.PcmAccess;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmIoctl;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.abi.pcm.Xferi;
import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.aloop.PcmSubstream;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;
import org.sndfuse.fuse.FakeCallerMemory;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.IoctlReply;
import org.sndfuse.timer.TimerCore;

/**
 * WRITEI/READI and WRITEN/READN_FRAMES through {@link PcmIoctlDispatch} with a fake caller memory: the frames
 * behind the pointers cross the cable byte-exact, and the kernel's errnos (snd_pcm_xfer*_frames_ioctl,
 * __snd_pcm_lib_xfer) come back for the wrong layout, a missing setup and bad pointers.
 */
class PcmTransferIoctlTest {
    private static final long MS = 1_000_000L;
    private static final long ARG = 0x1000, PTRS = 0x2000, LEFT = 0x10000, RIGHT = 0x20000, BAD = 0x7777_0000L;
    private static final int PERIOD = 480, FRAMES = 960;

    private final VirtualClock clock = new VirtualClock();
    private final LoopbackCard card = new LoopbackCard(new TimerCore(clock, 250), clock, 2, "", line -> { });
    private final FakeCallerMemory memory = new FakeCallerMemory();
    private final PcmIoctlDispatch dispatch = new PcmIoctlDispatch(memory);
    private final List<PcmSubstream> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(PcmSubstream::close);
    }

    private PcmSubstream prepared(int device, int stream, int access) {
        PcmSubstream s = card.open(device, stream, -1, 4242, "test");
        opened.add(s);
        return HwSetup.prepare(s, access, PcmFormat.S16_LE, 2, 48000, PERIOD);
    }

    private IoctlReply call(PcmSubstream s, int cmd, byte[] in, Caller c) {
        return dispatch.dispatch(s, cmd, ARG, in, c);
    }

    private void mapPointers(long... ptrs) {
        StructBytes b = StructBytes.allocate(ptrs.length * 8);
        for (int i = 0; i < ptrs.length; i++) {
            b.i64(i * 8, ptrs[i]);
        }
        memory.map(PTRS, b.bytes());
    }

    @Test
    void nonInterleavedFramesCrossTheCableByteExact() {
        PcmSubstream play = prepared(0, PcmStream.PLAYBACK, PcmAccess.RW_NONINTERLEAVED);
        PcmSubstream capt = prepared(1, PcmStream.CAPTURE, PcmAccess.RW_NONINTERLEAVED);
        byte[] left = new byte[FRAMES * 2];
        byte[] right = new byte[FRAMES * 2];
        new Random(7).nextBytes(left);
        new Random(8).nextBytes(right);
        memory.map(LEFT, left).map(RIGHT, right);
        mapPointers(LEFT, RIGHT);
        byte[] arg = new byte[Xferi.SIZE];
        memory.map(ARG, arg);
        capt.start();
        call(play, PcmIoctl.WRITEN_FRAMES, new Xferi(0, PTRS, FRAMES).encode(), caller());
        assertEquals(FRAMES, Xferi.decode(arg).result(), "WRITEN's result written back into the caller's struct");
        clock.advance(20 * MS); // two periods move
        byte[] gotLeft = new byte[FRAMES * 2];
        byte[] gotRight = new byte[FRAMES * 2];
        memory.map(LEFT, gotLeft).map(RIGHT, gotRight);
        System.arraycopy(new Xferi(0, PTRS, FRAMES).encode(), 0, arg, 0, Xferi.SIZE); // READN is _IOR
        IoctlReply r = call(capt, PcmIoctl.READN_FRAMES, new byte[0], caller());
        assertEquals(FRAMES, Xferi.decode(r.out()).result());
        assertArrayEquals(left, gotLeft);
        assertArrayEquals(right, gotRight);
    }

    @Test
    void aNullChannelPointerPlaysSilence() {
        PcmSubstream play = prepared(0, PcmStream.PLAYBACK, PcmAccess.RW_NONINTERLEAVED);
        PcmSubstream capt = prepared(1, PcmStream.CAPTURE, PcmAccess.RW_NONINTERLEAVED);
        byte[] left = new byte[PERIOD * 2];
        java.util.Arrays.fill(left, (byte) 0x55);
        memory.map(LEFT, left).map(ARG, new byte[Xferi.SIZE]);
        mapPointers(LEFT, 0);
        capt.start();
        call(play, PcmIoctl.WRITEN_FRAMES, new Xferi(0, PTRS, PERIOD).encode(), caller());
        clock.advance(10 * MS);
        byte[][] got = capt.readFramesNonInterleaved(PERIOD, true, () -> false);
        assertArrayEquals(left, got[0]);
        assertArrayEquals(new byte[PERIOD * 2], got[1]);
    }

    @Test
    void errnosOfTheTransferRequests() {
        PcmSubstream open = card.open(0, PcmStream.PLAYBACK, -1, 4242, "test");
        opened.add(open);
        memory.map(ARG, new byte[Xferi.SIZE]).map(LEFT, new byte[FRAMES * 4]);
        mapPointers(LEFT, LEFT);
        assertErrno(Errno.EBADFD, () -> call(open, PcmIoctl.WRITEN_FRAMES, new Xferi(0, PTRS, 1).encode(), caller()));
        assertErrno(Errno.EBADFD, () -> call(open, PcmIoctl.WRITEI_FRAMES, new Xferi(0, LEFT, 1).encode(), caller()));
        open.close();

        PcmSubstream inter = prepared(0, PcmStream.PLAYBACK, PcmAccess.RW_INTERLEAVED);
        assertErrno(Errno.EINVAL, () -> call(inter, PcmIoctl.WRITEN_FRAMES, new Xferi(0, PTRS, 1).encode(),
                caller()), "WRITEN on an interleaved stream");
        PcmSubstream nonInter = prepared(1, PcmStream.PLAYBACK, PcmAccess.RW_NONINTERLEAVED);
        assertErrno(Errno.EINVAL, () -> call(nonInter, PcmIoctl.WRITEI_FRAMES, new Xferi(0, LEFT, 1).encode(),
                caller()), "WRITEI on a non-interleaved stream of 2 channels");
        assertErrno(Errno.EFAULT, () -> call(nonInter, PcmIoctl.WRITEN_FRAMES, new Xferi(0, BAD, 1).encode(),
                caller()), "an unreadable bufs array");
        mapPointers(BAD, BAD);
        assertErrno(Errno.EFAULT, () -> call(nonInter, PcmIoctl.WRITEN_FRAMES, new Xferi(0, PTRS, 1).encode(),
                caller()), "an unreadable channel buffer");
        assertErrno(Errno.EFAULT, () -> dispatch.dispatch(nonInter, PcmIoctl.READN_FRAMES, BAD, new byte[0],
                caller()), "an unreadable READN struct");
        byte[] arg = new byte[Xferi.SIZE];
        memory.map(ARG, arg).map(LEFT, new byte[5 * PERIOD * 2]);
        mapPointers(LEFT, LEFT);
        call(nonInter, PcmIoctl.WRITEN_FRAMES, new Xferi(0, PTRS, 5 * PERIOD).encode(), nonblocking());
        assertEquals(4 * PERIOD, Xferi.decode(arg).result(), "a non-blocking write fills the ring and stops");
        assertErrno(Errno.EAGAIN, () -> call(nonInter, PcmIoctl.WRITEN_FRAMES, new Xferi(0, PTRS, 1).encode(),
                nonblocking()), "then nothing fits");
    }

    @Test
    void rewindForwardAndChannelInfoGoThroughTheCallersMemory() {
        PcmSubstream play = prepared(0, PcmStream.PLAYBACK, PcmAccess.RW_NONINTERLEAVED);
        byte[] left = new byte[FRAMES * 2];
        memory.map(LEFT, left).map(ARG, new byte[Xferi.SIZE]);
        mapPointers(LEFT, LEFT);
        call(play, PcmIoctl.WRITEN_FRAMES, new Xferi(0, PTRS, FRAMES).encode(), caller());
        byte[] frames = new byte[8];
        memory.map(ARG, frames);
        call(play, PcmIoctl.REWIND, StructBytes.allocate(8).i64(0, 100).bytes(), caller());
        assertEquals(100, StructBytes.of(frames, 8).i64(0), "REWIND writes the frames moved back");
        call(play, PcmIoctl.FORWARD, StructBytes.allocate(8).i64(0, 1_000_000).bytes(), caller());
        assertEquals(4 * PERIOD - FRAMES + 100, StructBytes.of(frames, 8).i64(0), "FORWARD is bounded by avail");
        byte[] channel = StructBytes.allocate(24).i32(0, 1).bytes();
        memory.map(ARG, channel);
        IoctlReply r = call(play, PcmIoctl.CHANNEL_INFO, new byte[0], caller());
        assertEquals(1, StructBytes.of(r.out(), 24).i32(0), "the channel number read from the caller");
        assertEquals(4 * PERIOD * 2 * 8, StructBytes.of(r.out(), 24).i32(16), "non-interleaved: channel 1 "
                + "starts one channel region (buffer bytes / 2) into the buffer, in bits");
        assertErrno(Errno.EFAULT, () -> dispatch.dispatch(play, PcmIoctl.REWIND, BAD,
                StructBytes.allocate(8).i64(0, 1).bytes(), caller()), "REWIND's write-back to a bad address");
    }

    @Test
    void aNullInterleavedBufferPlaysSilenceAndIsEinvalForCapture() {
        PcmSubstream play = prepared(0, PcmStream.PLAYBACK, PcmAccess.RW_INTERLEAVED);
        PcmSubstream capt = prepared(1, PcmStream.CAPTURE, PcmAccess.RW_INTERLEAVED);
        byte[] arg = new byte[Xferi.SIZE];
        memory.map(ARG, arg);
        call(play, PcmIoctl.WRITEI_FRAMES, new Xferi(0, 0, PERIOD).encode(), caller());
        assertEquals(PERIOD, Xferi.decode(arg).result(), "WRITEI of a NULL buffer: silence, counted");
        System.arraycopy(new Xferi(0, 0, PERIOD).encode(), 0, arg, 0, Xferi.SIZE);
        assertErrno(Errno.EINVAL, () -> call(capt, PcmIoctl.READI_FRAMES, new byte[0], caller()));
    }
}
