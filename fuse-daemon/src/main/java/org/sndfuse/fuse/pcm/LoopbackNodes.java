package org.sndfuse.fuse.pcm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.aloop.LoopbackProc;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.ctl.PcmCtlHandle;
import org.sndfuse.fuse.node.DirNode;
import org.sndfuse.fuse.node.FileNode;
import org.sndfuse.fuse.text.SnapshotTextHandle;
import org.sndfuse.fuse.text.WritableTextHandle;

/**
 * The loopback card's part of the tree: {@code snd/controlC0}, {@code snd/pcmC0D{0,1}{p,c}},
 * {@code proc/asound/{cards,devices,pcm,card0/...}} and {@code sys/module/snd_aloop/parameters/*}.
 */
public final class LoopbackNodes {
    /** SNDRV_CARDS: module parameter arrays print one entry per possible card. */
    private static final int SNDRV_CARDS = 32;

    private LoopbackNodes() {}

    public static void add(DirNode root, LoopbackCard card, int deviceMode, int deviceGid) {
        PreferredSubdevices preferred = new PreferredSubdevices();
        ShellProfiles profiles = new ShellProfiles();
        LoopbackProc proc = new LoopbackProc(card);
        DirNode snd = root.dir("snd");
        snd.add(new FileNode("controlC" + LoopbackCard.CARD_INDEX, deviceMode, deviceGid,
                c -> new CtlHandle(card, preferred, c)));
        for (int d = 0; d < LoopbackCard.DEVICES; d++) {
            for (int stream : new int[] {PcmStream.PLAYBACK, PcmStream.CAPTURE}) {
                int device = d;
                snd.add(new FileNode(PcmNodes.nodeName(d, stream), deviceMode, deviceGid,
                        c -> PcmNodes.open(card, preferred, profiles, device, stream, c)));
            }
        }

        root.dir("ctl").add(new FileNode("pcm", deviceMode, deviceGid, c -> new PcmCtlHandle(profiles)));

        DirNode asound = root.dir("proc").dir("asound");
        asound.add(text("cards", proc::cards));
        asound.add(text("devices", () -> devices(card)));
        asound.add(text("pcm", proc::pcm));
        DirNode card0 = asound.dir("card" + LoopbackCard.CARD_INDEX);
        card0.add(text("id", proc::cardId));
        for (int d = 0; d < LoopbackCard.DEVICES; d++) {
            for (int stream : new int[] {PcmStream.PLAYBACK, PcmStream.CAPTURE}) {
                int device = d;
                DirNode pcm = card0.dir("pcm" + d + (stream == PcmStream.PLAYBACK ? "p" : "c"));
                pcm.add(text("info", () -> proc.pcmInfo(device, stream)));
                for (int s = 0; s < card.substreams(); s++) {
                    int sub = s;
                    DirNode subDir = pcm.dir("sub" + s);
                    subDir.add(text("info", () -> proc.subInfo(device, stream, sub)));
                    subDir.add(text("hw_params", () -> proc.hwParams(device, stream, sub)));
                    subDir.add(text("sw_params", () -> proc.swParams(device, stream, sub)));
                    subDir.add(text("status", () -> proc.status(device, stream, sub)));
                }
            }
        }
        card0.add(text("cable#0", () -> proc.cable(0)));
        card0.add(text("cable#1", () -> proc.cable(1)));
        card0.add(new FileNode("timer_source", 0644, -1,
                c -> new WritableTextHandle(proc.timerSource(), proc::writeTimerSource)));

        DirNode params = root.dir("sys").dir("module").dir("snd_aloop").dir("parameters");
        params.add(text("enable", () -> array(i -> i == 0 ? "Y" : "N")));
        params.add(text("index", () -> array(i -> "-1")));
        params.add(text("id", () -> array(i -> "(null)")));
        params.add(text("pcm_substreams", () -> array(i -> i == 0 ? "" + card.substreams() : "8")));
        params.add(text("pcm_notify", () -> array(i -> "0")));
        params.add(new FileNode("timer_source", 0644, -1, c -> new WritableTextHandle(
                array(i -> i == 0 && !card.timerSource().isEmpty() ? card.timerSource() : "(null)"),
                text -> setWhileIdle(card, text))));
    }

    /** The module parameter changes only while no stream is open (then new cables use it). */
    private static void setWhileIdle(LoopbackCard card, String text) {
        if (!card.openSubstreams().isEmpty()) {
            throw new SndException(Errno.EBUSY, "the card has open streams; use proc/asound/card0/timer_source");
        }
        // A module parameter array: entries are comma-separated and the first is card 0's, so a source
        // written here uses '.' between its fields (or write proc/asound/card0/timer_source instead).
        String v = text.strip();
        int comma = v.indexOf(',');
        String first = comma >= 0 ? v.substring(0, comma) : v;
        card.setTimerSource(first.equals("(null)") ? "" : first);
    }

    private static String array(java.util.function.IntFunction<String> entry) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < SNDRV_CARDS; i++) {
            parts.add(entry.apply(i));
        }
        return String.join(",", parts) + "\n";
    }

    /** /proc/asound/devices with static minors (kernel-facts P1): control, PCM playback, PCM capture, timer. */
    static String devices(LoopbackCard card) {
        int c = LoopbackCard.CARD_INDEX;
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

    private static FileNode text(String name, Supplier<String> render) {
        return new FileNode(name, 0444, -1, c -> new SnapshotTextHandle(render.get()));
    }
}
