package org.sndfuse.aloop;

import org.sndfuse.abi.pcm.PcmAccess;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmInfo;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.abi.pcm.PcmStatus;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.abi.pcm.SwParams;

/**
 * The card's /proc/asound texts, rendered from live model state in the kernel's exact formats
 * (kernel-facts P1 and A5). Paths are relative to /proc/asound; {@code XY} in pcmXY is the device number and
 * p/c. Reading {@link #status} resets avail_max, as reading the kernel file does.
 */
public final class LoopbackProc {
    private final LoopbackCard card;

    public LoopbackProc(LoopbackCard card) {
        this.card = card;
    }

    /** {@code cards}: index, padded id, driver, short name, then the long name indented by 22 spaces. */
    public String cards() {
        return String.format("%2d [%-15s]: %s - %s\n", LoopbackCard.CARD_INDEX, LoopbackCard.ID, LoopbackCard.DRIVER,
                LoopbackCard.SHORTNAME) + "                      " + LoopbackCard.LONGNAME + "\n";
    }

    /** {@code card0/id}. */
    public String cardId() {
        return LoopbackCard.ID + "\n";
    }

    /** {@code pcm}: one line per PCM device. */
    public String pcm() {
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < LoopbackCard.DEVICES; d++) {
            sb.append(String.format("%02d-%02d: %s : %s : playback %d : capture %d\n", LoopbackCard.CARD_INDEX, d,
                    LoopbackCard.PCM_ID, LoopbackCard.PCM_NAME, card.substreams(), card.substreams()));
        }
        return sb.toString();
    }

    /** {@code card0/pcm<d><p|c>/info}: the first substream's info. */
    public String pcmInfo(int device, int stream) {
        return subInfo(device, stream, 0);
    }

    /** {@code card0/pcm<d><p|c>/sub<n>/info}. */
    public String subInfo(int device, int stream, int subdevice) {
        PcmInfo i = card.pcmInfo(device, stream, subdevice);
        return "card: " + i.card() + "\n"
                + "device: " + i.device() + "\n"
                + "subdevice: " + i.subdevice() + "\n"
                + "stream: " + PcmStream.upperName(i.stream()) + "\n"
                + "id: " + i.id() + "\n"
                + "name: " + i.name() + "\n"
                + "subname: " + i.subname() + "\n"
                + "class: " + i.devClass() + "\n"
                + "subclass: " + i.devSubclass() + "\n"
                + "subdevices_count: " + i.subdevicesCount() + "\n"
                + "subdevices_avail: " + i.subdevicesAvail() + "\n";
    }

    /** {@code sub<n>/hw_params}: "closed", "no setup", or the chosen parameters. */
    public String hwParams(int device, int stream, int subdevice) {
        return render(device, stream, subdevice, true, (s, rt) -> "access: " + PcmAccess.name(rt.access) + "\n"
                    + "format: " + PcmFormat.name(rt.format) + "\n"
                    + "subformat: " + (rt.subformat == 0 ? "STD" : "UNKNOWN") + "\n"
                    + "channels: " + rt.channels + "\n"
                    + "rate: " + rt.rate + " (" + Integer.toUnsignedString(rt.rateNum) + "/"
                    + Integer.toUnsignedString(rt.rateDen) + ")\n"
                    + "period_size: " + rt.periodSize + "\n"
                    + "buffer_size: " + rt.bufferSize + "\n");
    }

    /** {@code sub<n>/sw_params}: "closed", "no setup", or the software parameters. */
    public String swParams(int device, int stream, int subdevice) {
        return render(device, stream, subdevice, true, (s, rt) -> "tstamp_mode: " + (rt.tstampMode == SwParams.TSTAMP_ENABLE ? "ENABLE" : "NONE") + "\n"
                    + "period_step: " + Integer.toUnsignedString(rt.periodStep) + "\n"
                    + "avail_min: " + Long.toUnsignedString(rt.availMin) + "\n"
                    + "start_threshold: " + Long.toUnsignedString(rt.startThreshold) + "\n"
                    + "stop_threshold: " + Long.toUnsignedString(rt.stopThreshold) + "\n"
                    + "silence_threshold: " + Long.toUnsignedString(rt.silenceThreshold) + "\n"
                    + "silence_size: " + Long.toUnsignedString(rt.silenceSize) + "\n"
                    + "boundary: " + Long.toUnsignedString(rt.boundary) + "\n");
    }

    /**
     * The shared frame of the sub-files: "closed" for a free substream, "no setup" before HW_PARAMS when
     * {@code needsSetup}, else {@code body} rendered under the cable lock.
     */
    private String render(int device, int stream, int subdevice, boolean needsSetup,
                          java.util.function.BiFunction<PcmSubstream, PcmRuntime, String> body) {
        PcmSubstream s = card.substream(device, stream, subdevice);
        if (s == null) {
            return "closed\n";
        }
        LoopbackCable cable = s.cable();
        return cable.locked(() -> {
            if (s.isReleased()) {
                return "closed\n";
            }
            PcmRuntime rt = s.runtime();
            if (needsSetup && rt.state == PcmState.OPEN) {
                return "no setup\n";
            }
            return body.apply(s, rt);
        });
    }

    /** {@code sub<n>/status}: "closed", or the live status (printed in every state, OPEN included). */
    public String status(int device, int stream, int subdevice) {
        return render(device, stream, subdevice, false, (s, rt) -> {
            PcmStatus st = s.statusLocked();
            return "state: " + PcmState.name(st.state()) + "\n"
                    + "owner_pid   : " + s.pid() + "\n"
                    + String.format("trigger_time: %d.%09d\n", st.triggerSec(), st.triggerNsec())
                    + String.format("tstamp      : %d.%09d\n", st.tstampSec(), st.tstampNsec())
                    + "delay       : " + st.delay() + "\n"
                    + "avail       : " + st.avail() + "\n"
                    + "avail_max   : " + st.availMax() + "\n"
                    + "-----\n"
                    + "hw_ptr      : " + st.hwPtr() + "\n"
                    + "appl_ptr    : " + st.applPtr() + "\n";
        });
    }

    /** {@code card0/cable#0} or {@code cable#1}: all eight substream slots, whatever pcm_substreams is. */
    public String cable(int index) {
        StringBuilder sb = new StringBuilder();
        card.locked(() -> {
            for (int sub = 0; sub < LoopbackCard.MAX_SUBSTREAMS; sub++) {
                sb.append("Cable ").append(index).append(" substream ").append(sub).append(":\n");
                LoopbackCable cable = card.cableLocked(index, sub);
                if (cable == null) {
                    sb.append("  inactive\n");
                    continue;
                }
                cable.locked(() -> {
                    sb.append("  valid: ").append(cable.valid).append('\n');
                    sb.append("  running: ").append(cable.running).append('\n');
                    sb.append("  pause: ").append(cable.pause).append('\n');
                    dpcm(sb, cable, cable.streams[PcmStream.PLAYBACK], "Playback");
                    dpcm(sb, cable, cable.streams[PcmStream.CAPTURE], "Capture");
                });
            }
        });
        return sb.toString();
    }

    private static void dpcm(StringBuilder sb, LoopbackCable cable, LoopbackPcm d, String name) {
        cable.assertLocked();
        sb.append("  ").append(name).append('\n');
        if (d == null) {
            sb.append("    inactive\n");
            return;
        }
        sb.append("    buffer_size:\t").append(d.pcmBufferSize).append('\n');
        sb.append("    buffer_pos:\t\t").append(d.bufPos).append('\n');
        sb.append("    silent_size:\t").append(d.silentSize).append('\n');
        sb.append("    period_size:\t").append(d.pcmPeriodSize).append('\n');
        sb.append("    bytes_per_sec:\t").append(d.pcmBps).append('\n');
        sb.append("    sample_align:\t").append(d.pcmSalign).append('\n');
        sb.append("    rate_shift:\t\t").append(d.pcmRateShift).append('\n');
        cable.timing.procInfo(d, sb);
    }

    /**
     * {@code /proc/asound/devices} with static minors (kernel-facts P1): the card's control device, its PCM
     * playback and capture devices, and the global timer device.
     */
    public String devices() {
        int c = card.index();
        StringBuilder b = new StringBuilder();
        b.append(String.format("%3d: [%2d]   : control%n", c * 32, c));
        for (int d = 0; d < LoopbackCard.DEVICES; d++) {
            b.append(String.format("%3d: [%2d-%2d]: digital audio playback%n", c * 32 + 16 + d, c, d));
        }
        for (int d = 0; d < LoopbackCard.DEVICES; d++) {
            b.append(String.format("%3d: [%2d-%2d]: digital audio capture%n", c * 32 + 24 + d, c, d));
        }
        b.append(String.format("%3d:        : timer%n", 33));
        return b.toString();
    }

    /** {@code card0/timer_source}: the source or an empty line. */
    public String timerSource() {
        return card.timerSource() + "\n";
    }

    /**
     * A write to {@code card0/timer_source}: only the first line counts, cut to 63 characters and trimmed; an
     * empty line selects the system clock; writing nothing changes nothing. Affects cables created later.
     */
    public void writeTimerSource(String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        int nl = text.indexOf('\n');
        String line = nl >= 0 ? text.substring(0, nl) : text;
        if (line.length() > 63) {
            line = line.substring(0, 63);
        }
        card.setTimerSource(line.strip());
    }
}
