package org.sndfuse.fuse.pcm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sndfuse.fuse.HandleTestSupport.nonblocking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.pcm.PcmAccess;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.aloop.PcmSubstream;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.fuse.FakeCallerMemory;
import org.sndfuse.fuse.SndFilesystem;
import org.sndfuse.timer.TimerCore;

/**
 * A write() that FUSE cuts into requests holding partial frames (131056 bytes of 32-byte frames: a buffer 16
 * bytes into a page) crosses the cable byte-exact: each cut request keeps its partial trailing frame for the
 * next one and answers its full size, as the caller's one write() expects.
 */
class PcmHandleCutWriteTest {
    private static final long MS = 1_000_000L;
    private static final int CHANNELS = 8, FRAME = CHANNELS * 4, PERIOD = 9600, PERIOD_BYTES = PERIOD * FRAME;

    private final VirtualClock clock = new VirtualClock();
    private final LoopbackCard card = new LoopbackCard(new TimerCore(clock, 250), clock, 2, "", line -> { });
    private final PcmIoctlDispatch dispatch = new PcmIoctlDispatch(new FakeCallerMemory());
    private final List<PcmSubstream> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(PcmSubstream::close);
    }

    private PcmSubstream prepared(int device, int stream) {
        PcmSubstream s = card.open(device, stream, -1, 4242, "test");
        opened.add(s);
        return HwSetup.prepare(s, PcmAccess.RW_INTERLEAVED, PcmFormat.S32_LE, CHANNELS, 192000, PERIOD);
    }

    @Test
    void cutRequestsCarryTheirPartialFrameToTheNextOne() {
        PcmHandle play = new PcmHandle(prepared(0, PcmStream.PLAYBACK), dispatch);
        PcmSubstream capt = prepared(1, PcmStream.CAPTURE);
        capt.start();
        byte[] sent = new byte[2 * PERIOD_BYTES];
        new Random(11).nextBytes(sent);
        int cut = SndFilesystem.maxWrite() - 16; // not a multiple of the frame size
        assertEquals(16, cut % FRAME);
        for (int off = 0; off < sent.length; ) {
            int n = Math.min(cut, sent.length - off);
            assertEquals(n, play.write(0, Arrays.copyOfRange(sent, off, off + n), nonblocking()), "at " + off);
            off += n;
        }
        clock.advance(150 * MS); // at least the two periods of 50 ms have moved
        assertArrayEquals(sent, capt.read(sent.length, true, () -> false));
    }
}
