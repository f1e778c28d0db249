package org.sndfuse.aloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.aloop.AloopTestSupport.assertErrno;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.errno.Errno;

/** {@link StreamProfile}: parsing the ctl/pcm words and applying them to a substream. */
class StreamProfileTest {
    private final AloopTestSupport env = new AloopTestSupport();
    private final LoopbackCard card = env.card(8, "");
    private final List<PcmSubstream> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(PcmSubstream::close);
    }

    private PcmSubstream open(int device, int stream) {
        PcmSubstream s = card.open(device, stream, -1, 100, "pid 100");
        opened.add(s);
        return s;
    }

    private static StreamProfile parse(String words) {
        String[] w = ("set C0D0p " + words).trim().split("\\s+");
        return StreamProfile.parse(w, 2);
    }

    // ---- parse ----

    @Test
    void defaults() {
        StreamProfile p = StreamProfile.parse(new String[0], 0);
        assertEquals(PcmFormat.S16_LE, p.format());
        assertEquals(48000, p.rate());
        assertEquals(2, p.channels());
        assertEquals(960, p.periodFrames(), "rate / 50: 20 ms");
        assertEquals(3840, p.bufferFrames(), "4 periods");
        assertEquals(1, p.startThreshold());
        assertEquals(p, parse(""));
    }

    @Test
    void parseStartsAtTheGivenWord() {
        StreamProfile p = StreamProfile.parse(new String[] {"set", "C0D0p", "rate=8000"}, 2);
        assertEquals(8000, p.rate());
        assertEquals(160, p.periodFrames());
        assertEquals(640, p.bufferFrames());
    }

    @Test
    void derivedDefaultsFollowTheGivenValues() {
        assertEquals(882, parse("rate=44100").periodFrames());
        assertEquals(3528, parse("rate=44100").bufferFrames());
        assertEquals(400, parse("period=100").bufferFrames(), "buffer = 4 x the given period");
        assertEquals(960, parse("buffer=9600").periodFrames(), "an explicit buffer leaves the period default");
    }

    @Test
    void everyKey() {
        StreamProfile p = parse("format=FLOAT_LE rate=96000 channels=8 period=256 buffer=1024 start=512");
        assertEquals(new StreamProfile(PcmFormat.FLOAT_LE, 96000, 8, 256, 1024, 512), p);
    }

    @Test
    void formatNamesIgnoreCase() {
        assertEquals(PcmFormat.S32_LE, parse("format=s32_le").format());
        assertEquals(PcmFormat.S24_3LE, parse("format=S24_3le").format());
        assertEquals(PcmFormat.U8, parse("format=U8").format());
    }

    @Test
    void laterWordsWinForTheSameKey() {
        assertEquals(22050, parse("rate=44100 rate=22050").rate());
    }

    @Test
    void toStringRoundTrips() {
        StreamProfile p = parse("format=S32_LE rate=44100 channels=1 period=441 buffer=4410 start=100");
        assertEquals("format=S32_LE rate=44100 channels=1 period=441 buffer=4410 start=100", p.toString());
        assertEquals(p, parse(p.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rate", "=48000", "rate=", "rate=x", "rate=0", "rate=-48000", "rate=2147483648",
        "rate=1e3", "rate=0x10", "channels=0", "period=0", "buffer=-1", "start=0", "format=NOPE", "format=",
        "format=S16", "speed=1", "rate=48000 foo=bar", "rate=48000 junk"})
    void badWordsAreEinval(String words) {
        assertErrno(Errno.EINVAL, () -> parse(words));
    }

    @Test
    void unknownIsNotAFormatName() {
        assertErrno(Errno.EINVAL, () -> parse("format=Unknown"));
    }

    @Test
    void unknownKeyIsNamedInTheMessage() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.sndfuse.errno.SndException.class,
                () -> parse("rate=48000 colour=blue"));
        assertTrue(e.reason().contains("colour"), e.getMessage());
    }

    // ---- applyTo ----

    @Test
    void applyToLeavesThePlaybackPrepared() {
        PcmSubstream s = open(0, PcmStream.PLAYBACK);
        assertEquals(PcmState.OPEN, s.snapshot().state());
        StreamProfile.parse(new String[0], 0).applyTo(s);
        assertEquals(PcmState.PREPARED, s.snapshot().state());
        assertEquals(PcmFormat.S16_LE, s.snapshot().format());
        assertEquals(48000, s.snapshot().rate());
        assertEquals(2, s.snapshot().channels());
        assertEquals(960, s.snapshot().periodSize());
        assertEquals(3840, s.snapshot().bufferSize());
        assertEquals(4, s.snapshot().frameBytes());
        assertEquals(20_000_000L, s.snapshot().periodTimeNanos());
        assertEquals(0, s.snapshot().hwPtr());
        assertEquals(0, s.snapshot().applPtr());
    }

    @Test
    void applyToSetsTheStartThreshold() {
        PcmSubstream s = open(1, PcmStream.CAPTURE);
        parse("format=S32_LE rate=44100 channels=1 period=441 buffer=1764 start=441").applyTo(s);
        assertEquals(PcmState.PREPARED, s.snapshot().state());
        assertEquals(PcmFormat.S32_LE, s.snapshot().format());
        assertEquals(44100, s.snapshot().rate());
        assertEquals(1, s.snapshot().channels());
        assertEquals(441, s.snapshot().periodSize());
        assertEquals(1764, s.snapshot().bufferSize());
        assertEquals(4, s.snapshot().frameBytes());
        String sw = new LoopbackProc(card).swParams(1, PcmStream.CAPTURE, s.subdevice());
        assertTrue(sw.contains("start_threshold: 441\n"), sw);
        assertTrue(sw.contains("avail_min: 441\n"), sw);
        assertTrue(sw.contains("stop_threshold: 1764\n"), sw);
    }

    @Test
    void appliedPlaybackStartsWhenDataArrives() {
        PcmSubstream s = open(0, PcmStream.PLAYBACK);
        parse("start=1").applyTo(s);
        byte[] frame = new byte[4];
        assertEquals(4, s.write(frame, true, AloopTestSupport.NEVER));
        assertEquals(PcmState.RUNNING, s.snapshot().state(), "start threshold 1: the first frame starts it");
    }

    @Test
    void applyingTwiceReconfigures() {
        PcmSubstream s = open(0, PcmStream.PLAYBACK);
        parse("rate=48000").applyTo(s);
        parse("rate=48000").applyTo(s);
        assertEquals(PcmState.PREPARED, s.snapshot().state(), "the same profile applies again");
        // Format, rate and channels stay those the cable took at the first PREPARE while an end is open (as
        // snd-aloop's cable->hw); the period size is free in system-clock mode.
        parse("rate=48000 period=480").applyTo(s);
        assertEquals(PcmState.PREPARED, s.snapshot().state());
        assertEquals(480, s.snapshot().periodSize());
        assertEquals(1920, s.snapshot().bufferSize());
    }

    @Test
    void impossibleRateIsEinval() {
        PcmSubstream s = open(0, PcmStream.PLAYBACK);
        assertErrno(Errno.EINVAL, () -> parse("rate=1").applyTo(s));
        assertEquals(PcmState.OPEN, s.snapshot().state(), "a refused HW_PARAMS leaves the substream in OPEN");
        assertErrno(Errno.EINVAL, () -> parse("channels=1000").applyTo(s));
        assertErrno(Errno.EINVAL, () -> parse("period=7 buffer=10").applyTo(s)); // not a whole number of periods
        parse("").applyTo(s);
        assertEquals(PcmState.PREPARED, s.snapshot().state(), "a good profile still applies afterwards");
    }

    @Test
    void secondEndMustMatchTheFirst() {
        PcmSubstream play = open(0, PcmStream.PLAYBACK);
        parse("rate=48000").applyTo(play);
        PcmSubstream cap = open(1, PcmStream.CAPTURE);
        assertErrno(Errno.EINVAL, () -> parse("rate=44100").applyTo(cap));
        parse("rate=48000").applyTo(cap);
        assertEquals(PcmState.PREPARED, cap.snapshot().state());
    }
}
