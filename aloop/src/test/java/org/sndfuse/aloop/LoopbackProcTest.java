package org.sndfuse.aloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.aloop.AloopTestSupport.configure;

import org.junit.jupiter.api.Test;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.timer.UserTimer;

/** /proc/asound texts in the kernel's formats (kernel-facts P1, A5). */
class LoopbackProcTest extends AloopTestSupport {
    @Test
    void cardLevelFiles() {
        LoopbackProc proc = new LoopbackProc(card(8, null));
        assertEquals(" 0 [Loopback       ]: Loopback - Loopback\n                      Loopback 1\n", proc.cards());
        assertEquals("Loopback\n", proc.cardId());
        assertEquals("00-00: Loopback PCM : Loopback PCM : playback 8 : capture 8\n"
                + "00-01: Loopback PCM : Loopback PCM : playback 8 : capture 8\n", proc.pcm());
        assertEquals("00-00: Loopback PCM : Loopback PCM : playback 2 : capture 2\n"
                + "00-01: Loopback PCM : Loopback PCM : playback 2 : capture 2\n", new LoopbackProc(card(2, null)).pcm());
    }

    @Test
    void substreamFilesThroughTheLifecycle() {
        LoopbackCard card = card(8, null);
        LoopbackProc proc = new LoopbackProc(card);
        assertEquals("closed\n", proc.hwParams(0, PcmStream.PLAYBACK, 0));
        assertEquals("closed\n", proc.swParams(0, PcmStream.PLAYBACK, 0));
        assertEquals("closed\n", proc.status(0, PcmStream.PLAYBACK, 0));
        PcmSubstream s = card.open(0, PcmStream.PLAYBACK, 0, 4242, "player");
        assertEquals("no setup\n", proc.hwParams(0, PcmStream.PLAYBACK, 0));
        assertEquals("no setup\n", proc.swParams(0, PcmStream.PLAYBACK, 0));
        assertTrue(proc.status(0, PcmStream.PLAYBACK, 0).startsWith("state: OPEN\nowner_pid   : 4242\n"));
        assertEquals("card: 0\ndevice: 0\nsubdevice: 0\nstream: PLAYBACK\nid: Loopback PCM\nname: Loopback PCM\n"
                + "subname: subdevice #0\nclass: 0\nsubclass: 0\nsubdevices_count: 8\nsubdevices_avail: 7\n",
                proc.pcmInfo(0, PcmStream.PLAYBACK));
        assertTrue(proc.subInfo(1, PcmStream.CAPTURE, 5).contains("stream: CAPTURE\n"));
        assertTrue(proc.subInfo(1, PcmStream.CAPTURE, 5).contains("subname: subdevice #5\n"));

        configure(s, PcmFormat.S16_LE, 2, 48000, 960, 4);
        assertEquals("access: RW_INTERLEAVED\nformat: S16_LE\nsubformat: STD\nchannels: 2\nrate: 48000 (48000/1)\n"
                + "period_size: 960\nbuffer_size: 3840\n", proc.hwParams(0, PcmStream.PLAYBACK, 0));
        assertEquals("tstamp_mode: NONE\nperiod_step: 1\navail_min: 960\nstart_threshold: 1\nstop_threshold: 3840\n"
                + "silence_threshold: 0\nsilence_size: 0\nboundary: " + PcmRuntime.boundaryFor(3840) + "\n",
                proc.swParams(0, PcmStream.PLAYBACK, 0));
        s.prepare();
        assertEquals("state: PREPARED\nowner_pid   : 4242\ntrigger_time: 0.000000000\ntstamp      : 0.000000000\n"
                + "delay       : 0\navail       : 3840\navail_max   : 0\n-----\nhw_ptr      : 0\nappl_ptr    : 0\n",
                proc.status(0, PcmStream.PLAYBACK, 0));
        s.write(new byte[3840 * 2], true, NEVER);
        clock.advance(20_000_000L);
        String status = proc.status(0, PcmStream.PLAYBACK, 0);
        assertTrue(status.startsWith("state: RUNNING\nowner_pid   : 4242\n"), status);
        assertTrue(status.contains("trigger_time: "), status);
        assertTrue(status.contains("delay       : 960\navail       : 2880\n"), status);
        assertTrue(status.endsWith("-----\nhw_ptr      : 960\nappl_ptr    : 1920\n"), status);
        s.close();
        assertEquals("closed\n", proc.status(0, PcmStream.PLAYBACK, 0));
    }

    @Test
    void cableFileInTimerMode() {
        UserTimer u = core.createUserTimer(20_000_000L, this);
        LoopbackCard card = card(8, "-1.4." + u.number());
        LoopbackProc proc = new LoopbackProc(card);
        PcmSubstream play = card.open(0, PcmStream.PLAYBACK, 0, 1, "p");
        PcmSubstream capt = card.open(1, PcmStream.CAPTURE, 0, 2, "c");
        configure(play, PcmFormat.S16_LE, 2, 48000, 960, 4);
        configure(capt, PcmFormat.S16_LE, 2, 48000, 960, 8);
        play.prepare();
        capt.prepare();
        capt.start();
        play.write(new byte[3840 * 2], true, NEVER);
        u.trigger();
        StringBuilder expected = new StringBuilder("Cable 0 substream 0:\n  valid: 3\n  running: 3\n  pause: 0\n"
                + "  Playback\n    buffer_size:\t15360\n    buffer_pos:\t\t3840\n    silent_size:\t0\n"
                + "    period_size:\t3840\n    bytes_per_sec:\t192000\n    sample_align:\t4\n    rate_shift:\t\t0\n"
                + "    sound timer:\thw:-1,4,0\n    timer open:\t\tPlayback\n"
                + "  Capture\n    buffer_size:\t30720\n    buffer_pos:\t\t3840\n    silent_size:\t0\n"
                + "    period_size:\t3840\n    bytes_per_sec:\t192000\n    sample_align:\t4\n    rate_shift:\t\t0\n"
                + "    sound timer:\thw:-1,4,0\n    timer open:\t\tPlayback\n");
        for (int sub = 1; sub < 8; sub++) {
            expected.append("Cable 0 substream ").append(sub).append(":\n  inactive\n");
        }
        assertEquals(expected.toString(), proc.cable(0));
        assertTrue(proc.cable(1).startsWith("Cable 1 substream 0:\n  inactive\n"));
        assertEquals("-1.4.0\n", proc.timerSource());
    }

    @Test
    void cableFileInSystemClockModeShowsJiffies() {
        LoopbackCard card = card(1, null);
        LoopbackProc proc = new LoopbackProc(card);
        PcmSubstream capt = card.open(0, PcmStream.CAPTURE, 0, 2, "c");
        String idle = proc.cable(1);
        assertTrue(idle.startsWith("Cable 1 substream 0:\n  valid: 0\n  running: 0\n  pause: 0\n  Playback\n"
                + "    inactive\n  Capture\n    buffer_size:\t0\n"), idle);
        assertTrue(idle.contains("    update_pending:\t0\n    irq_pos:\t\t0\n    period_frac:\t0\n"
                + "    last_jiffies:\t0 ("), idle);
        configure(capt, PcmFormat.S16_LE, 2, 48000, 960, 4);
        capt.prepare();
        capt.start();
        String running = proc.cable(1);
        assertTrue(running.contains("  valid: 2\n  running: 2\n"), running);
        assertTrue(running.contains("    rate_shift:\t\t100000\n"), running);
        assertTrue(running.contains("    period_frac:\t960000\n"), running); // 3840 bytes × HZ 250
        assertTrue(running.matches("(?s).*    timer_expires:\t[1-9][0-9]*\n.*"), running);
    }

    @Test
    void timerSourceFileReadsAndWritesLikeTheKernel() {
        LoopbackCard card = card(1, null);
        LoopbackProc proc = new LoopbackProc(card);
        assertEquals("\n", proc.timerSource());
        proc.writeTimerSource("  hw:0,1  \nsecond line");
        assertEquals("hw:0,1", card.timerSource());
        proc.writeTimerSource("");
        assertEquals("hw:0,1\n", proc.timerSource());
        proc.writeTimerSource("\n");
        assertEquals("", card.timerSource());
        proc.writeTimerSource("x".repeat(100));
        assertEquals(63, card.timerSource().length());
    }
}
