package org.sndfuse.aloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.aloop.AloopTestSupport.assertErrno;
import static org.sndfuse.aloop.AloopTestSupport.configure;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.pcm.HwParams;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmParam;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.errno.Errno;

/** The per-subdevice controls (aloop.c loopback_mixer_new) and the observer hook. */
class ControlsAndObserverTest extends AloopTestSupport {
    private final LoopbackCard card = card(8, null);

    @Test
    void defaultsAndWrites() {
        assertEquals(100000, card.rateShift(0, 3));
        assertFalse(card.notify(1, 0));
        assertEquals(PcmFormat.S16_LE, card.slaveFormat(1, 0));
        assertEquals(48000, card.slaveRate(1, 0));
        assertEquals(2, card.slaveChannels(1, 0));
        assertEquals(0, card.slaveAccessMode(1, 0));
        assertFalse(card.slaveActive(1, 0));
        assertTrue(card.setRateShift(0, 3, 150000));
        assertEquals(120000, card.rateShift(0, 3));
        assertFalse(card.setRateShift(0, 3, 130000));
        assertTrue(card.setRateShift(0, 3, 1));
        assertEquals(80000, card.rateShift(0, 3));
        assertTrue(card.setNotify(1, 0, true));
        assertEquals(1, card.controlValue(LoopbackControl.NOTIFY, 1, 0));
        assertErrno(Errno.EPERM, () -> card.setControlValue(LoopbackControl.SLAVE_RATE, 0, 0, 44100));
        assertErrno(Errno.ENOENT, () -> card.controlValue(LoopbackControl.RATE_SHIFT, 2, 0));
        assertErrno(Errno.ENOENT, () -> card(2, null).controlValue(LoopbackControl.RATE_SHIFT, 0, 2));
        assertEquals("PCM Rate Shift 100000", LoopbackControl.RATE_SHIFT.controlName());
        assertEquals(7, LoopbackControl.values().length);
    }

    @Test
    void aStartingPlaybackPublishesItsParametersToTheCaptureSideControls() {
        List<String> events = new ArrayList<>();
        card.addObserver(new LoopbackObserver() {
            @Override
            public void controlChanged(int device, int subdevice, LoopbackControl control) {
                events.add(device + "/" + subdevice + " " + control);
            }
        });
        PcmSubstream play = card.open(0, PcmStream.PLAYBACK, 2, 1, "p");
        configure(play, PcmFormat.S32_LE, 1, 44100, 441, 4);
        play.prepare();
        play.write(new byte[441 * 4], true, NEVER);
        assertEquals(PcmFormat.S32_LE, card.slaveFormat(1, 2));
        assertEquals(44100, card.slaveRate(1, 2));
        assertEquals(1, card.slaveChannels(1, 2));
        assertTrue(card.slaveActive(1, 2));
        assertFalse(card.slaveActive(0, 2));
        assertEquals(List.of("1/2 SLAVE_FORMAT", "1/2 SLAVE_RATE", "1/2 SLAVE_CHANNELS", "1/2 SLAVE_ACTIVE"), events);
        play.drop();
        assertFalse(card.slaveActive(1, 2));
    }

    @Test
    void differingEndsAtStartFailCaptureOrStopItIntoDraining() {
        PcmSubstream capt = card.open(1, PcmStream.CAPTURE, 0, 2, "c");
        PcmSubstream play = card.open(0, PcmStream.PLAYBACK, 0, 1, "p");
        configure(capt, PcmFormat.S32_LE, 2, 48000, 480, 4);
        configure(play, PcmFormat.S16_LE, 2, 48000, 480, 4);
        capt.prepare(); // narrows the cable to S32_LE
        capt.start();
        play.prepare(); // prepared anyway: both ends valid, parameters differ
        play.write(new byte[480 * 4], true, NEVER);
        assertEquals(PcmState.RUNNING, play.snapshot().state());
        assertEquals(PcmState.DRAINING, capt.snapshot().state());
        capt.prepare();
        assertErrno(Errno.EIO, capt::start);
        assertEquals(PcmState.PREPARED, capt.snapshot().state());
    }

    @Test
    void withNotifyAnOpeningEndSeesTheFullHardware() {
        PcmSubstream play = card.open(0, PcmStream.PLAYBACK, 0, 1, "p");
        configure(play, PcmFormat.S16_LE, 2, 48000, 480, 4);
        play.prepare();
        PcmSubstream plain = card.open(1, PcmStream.CAPTURE, 0, 2, "c");
        // The static constraints come from the narrowed cable...
        HwParams p = plain.hwRefine(HwParams.any());
        assertTrue(p.mask(PcmParam.FORMAT).isSingle());
        plain.close();
        card.setNotify(1, 0, true);
        PcmSubstream notified = card.open(1, PcmStream.CAPTURE, 0, 2, "c");
        // ...and with notify they do not, but the cable's own rules still narrow the result.
        HwParams q = notified.hwRefine(HwParams.any());
        assertTrue(q.mask(PcmParam.FORMAT).isSingle());
        assertEquals(PcmFormat.S16_LE, q.mask(PcmParam.FORMAT).min());
    }

    @Test
    void observersHearTheLifecycleWithoutLocks() {
        List<String> events = new ArrayList<>();
        PcmSubstream[] holder = new PcmSubstream[1];
        card.addObserver(new LoopbackObserver() {
            private void add(PcmSubstream s, String what) {
                assertFalse(s.cable().heldByCurrentThread());
                s.snapshot().state(); // calling back in is allowed
                events.add(what);
            }

            @Override
            public void opened(PcmSubstream s) {
                add(s, "opened");
            }

            @Override
            public void prepared(PcmSubstream s) {
                add(s, "prepared");
            }

            @Override
            public void started(PcmSubstream s) {
                add(s, "started");
            }

            @Override
            public void stopped(PcmSubstream s, int newState) {
                add(s, "stopped " + PcmState.name(newState));
            }

            @Override
            public void paused(PcmSubstream s) {
                add(s, "paused");
            }

            @Override
            public void resumed(PcmSubstream s) {
                add(s, "resumed");
            }

            @Override
            public void xrun(PcmSubstream s, String reason) {
                add(s, "xrun " + reason);
            }

            @Override
            public void closed(PcmSubstream s) {
                add(s, "closed");
            }

            @Override
            public void periodElapsed(PcmSubstream s, long bytes, long hwPtr) {
                add(s, "period " + bytes + " " + hwPtr);
            }
        });
        PcmSubstream s = card.open(0, PcmStream.PLAYBACK, 0, 1, "p");
        holder[0] = s;
        configure(s, PcmFormat.S16_LE, 2, 48000, 480, 4);
        s.prepare();
        s.write(new byte[1920 * 4], true, NEVER);
        clock.advance(10_000_000L);
        s.pause(true);
        s.pause(false);
        clock.advance(40_000_000L);
        s.prepare();
        s.close();
        assertEquals(List.of("opened", "prepared", "started", "period 1920 480", "paused", "resumed",
                "period 1920 960", "period 1920 1440", "period 1920 1920", "xrun underrun", "prepared",
                "stopped SETUP", "closed"), events);
    }
}
