package org.sndfuse.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.fuse.HandleTestSupport.assertErrno;
import static org.sndfuse.fuse.HandleTestSupport.bytes;
import static org.sndfuse.fuse.HandleTestSupport.caller;
import static org.sndfuse.fuse.HandleTestSupport.readAvailable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;
import org.sndfuse.events.EventBus;
import org.sndfuse.fuse.control.ControlHandle;
import org.sndfuse.fuse.shell.ClockShellHandle;
import org.sndfuse.fuse.shell.PcmShellHandle;
import org.sndfuse.fuse.shell.TimerShellHandle;
import org.sndfuse.fuse.shell.UtimerShellHandle;
import org.sndfuse.fuse.handle.Handle;
import org.sndfuse.fuse.node.DirNode;
import org.sndfuse.fuse.node.FileNode;
import org.sndfuse.fuse.node.Node;
import org.sndfuse.fuse.pcm.PcmHandle;
import org.sndfuse.fuse.text.EventStreamHandle;
import org.sndfuse.fuse.text.SnapshotTextHandle;
import org.sndfuse.fuse.text.WritableTextHandle;
import org.sndfuse.fuse.timer.TimerHandle;
import org.sndfuse.timer.TimerCore;

/** The mounted tree as {@link SndTree#build} makes it, walked without FUSE. */
class SndTreeTest {
    private static final int MODE = 0660;
    private static final int GID = 29;

    private final VirtualClock clock = new VirtualClock();
    private final TimerCore core = new TimerCore(clock, 250);
    private final LoopbackCard card = new LoopbackCard(core, clock, 8, "");
    private final EventBus events = new EventBus(clock);
    private final DirNode root = SndTree.build(new SndTree.Models(clock, core, card, events, MODE, GID));
    private final List<Handle> opened = new ArrayList<>();

    @AfterEach
    void releaseAll() {
        Collections.reverse(opened);
        opened.forEach(Handle::release);
    }

    static Node at(DirNode root, String path) {
        Node n = root;
        for (String part : path.split("/")) {
            assertInstanceOf(DirNode.class, n, "parent of " + part + " in " + path);
            n = ((DirNode) n).child(part);
            assertNotNull(n, "missing " + path + " (at " + part + ")");
        }
        return n;
    }

    private FileNode file(String path) {
        return assertInstanceOf(FileNode.class, at(root, path), path);
    }

    private DirNode dir(String path) {
        return assertInstanceOf(DirNode.class, at(root, path), path);
    }

    private Handle open(String path) {
        Handle h = file(path).open(caller());
        opened.add(h);
        return h;
    }

    private String cat(String path) {
        Handle h = file(path).open(caller());
        try {
            StringBuilder b = new StringBuilder();
            long off = 0;
            while (true) {
                byte[] r = h.read(off, 4096, caller());
                if (r.length == 0) {
                    return b.toString();
                }
                b.append(new String(r, StandardCharsets.UTF_8));
                off += r.length;
            }
        } finally {
            h.release();
        }
    }

    private Set<String> names(String path) {
        DirNode d = path.isEmpty() ? root : dir(path);
        return d.children().stream().map(Node::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> set(String... names) {
        return new TreeSet<>(List.of(names));
    }

    // ---- shape ----

    @Test
    void topLevel() {
        assertEquals(set("snd", "ctl", "proc", "sys", "events"), names(""));
    }

    @Test
    void sndDeviceNodes() {
        assertEquals(set("timer", "controlC0", "pcmC0D0p", "pcmC0D0c", "pcmC0D1p", "pcmC0D1c"), names("snd"));
        for (String n : names("snd")) {
            FileNode f = file("snd/" + n);
            assertEquals(MODE, f.mode(), n);
            assertEquals(GID, f.gid(), n);
        }
    }

    @Test
    void ctlFiles() {
        assertEquals(set("utimer", "timer", "pcm", "clock"), names("ctl"));
        for (String n : names("ctl")) {
            assertEquals(MODE, file("ctl/" + n).mode(), n);
        }
    }

    @Test
    void procAsound() {
        assertEquals(set("version", "timers", "cards", "devices", "pcm", "card0"), names("proc/asound"));
        assertEquals(set("id", "pcm0p", "pcm0c", "pcm1p", "pcm1c", "cable#0", "cable#1", "timer_source"),
                names("proc/asound/card0"));
        for (String pcm : List.of("pcm0p", "pcm0c", "pcm1p", "pcm1c")) {
            Set<String> expected = set("info");
            for (int s = 0; s < 8; s++) {
                expected.add("sub" + s);
            }
            assertEquals(expected, names("proc/asound/card0/" + pcm), pcm);
            for (int s = 0; s < 8; s++) {
                assertEquals(set("info", "hw_params", "sw_params", "status"),
                        names("proc/asound/card0/" + pcm + "/sub" + s));
            }
        }
        for (String f : List.of("version", "timers", "cards", "devices", "pcm", "card0/id", "card0/cable#0",
                "card0/pcm0p/info", "card0/pcm0p/sub0/status")) {
            assertEquals(0444, file("proc/asound/" + f).mode(), f);
        }
        assertEquals(0644, file("proc/asound/card0/timer_source").mode());
    }

    @Test
    void fewerSubstreamsGiveFewerSubDirectories() {
        LoopbackCard small = new LoopbackCard(core, clock, 2, "");
        DirNode r = SndTree.build(new SndTree.Models(clock, core, small, events, MODE, GID));
        DirNode pcm = assertInstanceOf(DirNode.class, at(r, "proc/asound/card0/pcm1c"));
        assertEquals(set("info", "sub0", "sub1"),
                pcm.children().stream().map(Node::name).collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void moduleParameters() {
        assertEquals(set("module"), names("sys"));
        assertEquals(set("snd_aloop"), names("sys/module"));
        assertEquals(set("parameters"), names("sys/module/snd_aloop"));
        assertEquals(set("enable", "index", "id", "pcm_substreams", "pcm_notify", "timer_source"),
                names("sys/module/snd_aloop/parameters"));
        assertEquals(0644, file("sys/module/snd_aloop/parameters/timer_source").mode());
        assertEquals(0444, file("sys/module/snd_aloop/parameters/enable").mode());
    }

    @Test
    void eventsFile() {
        // readable by all; writable (posting "user" lines) by those the device mode lets write
        assertEquals(0444 | (MODE & 0222), file("events").mode());
    }

    // ---- what the nodes open ----

    @Test
    void nodesOpenTheRightHandles() {
        assertInstanceOf(TimerHandle.class, open("snd/timer"));
        assertInstanceOf(ControlHandle.class, open("snd/controlC0"));
        assertInstanceOf(UtimerShellHandle.class, open("ctl/utimer"));
        assertInstanceOf(TimerShellHandle.class, open("ctl/timer"));
        assertInstanceOf(ClockShellHandle.class, open("ctl/clock"));
        assertInstanceOf(PcmShellHandle.class, open("ctl/pcm"));
        assertInstanceOf(EventStreamHandle.class, open("events"));
        assertInstanceOf(SnapshotTextHandle.class, open("proc/asound/timers"));
        assertInstanceOf(WritableTextHandle.class, open("proc/asound/card0/timer_source"));
        assertInstanceOf(WritableTextHandle.class, open("sys/module/snd_aloop/parameters/timer_source"));
        for (String pcm : List.of("pcmC0D0p", "pcmC0D0c", "pcmC0D1p", "pcmC0D1c")) {
            assertInstanceOf(PcmHandle.class, open("snd/" + pcm), pcm);
        }
        assertEquals(4, card.openSubstreams().size());
    }

    @Test
    void eachOpenOfACtlFileIsANewSession() {
        Handle a = open("ctl/utimer");
        Handle b = open("ctl/utimer");
        a.write(0, bytes("create\n"), caller());
        b.write(0, bytes("create\n"), caller());
        assertEquals("id 0\n", readAvailable(a));
        assertEquals("id 1\n", readAvailable(b));
    }

    @Test
    void ctlClockShowsTheModelsClock() {
        assertEquals("clock virtual now 1.000000000 ns 1000000000\n", cat("ctl/clock"));
    }

    // ---- text content ----

    @Test
    void procTexts() {
        assertTrue(cat("proc/asound/version").startsWith("Advanced Linux Sound Architecture Driver Version k"));
        assertTrue(cat("proc/asound/version").endsWith(".\n"));
        assertEquals(" 0 [Loopback       ]: Loopback - Loopback\n                      Loopback 1\n",
                cat("proc/asound/cards"));
        assertEquals("Loopback\n", cat("proc/asound/card0/id"));
        assertEquals("00-00: Loopback PCM : Loopback PCM : playback 8 : capture 8\n"
                + "00-01: Loopback PCM : Loopback PCM : playback 8 : capture 8\n", cat("proc/asound/pcm"));
        assertEquals("  0: [ 0]   : control\n"
                + " 16: [ 0- 0]: digital audio playback\n"
                + " 17: [ 0- 1]: digital audio playback\n"
                + " 24: [ 0- 0]: digital audio capture\n"
                + " 25: [ 0- 1]: digital audio capture\n"
                + " 33:        : timer\n", cat("proc/asound/devices"));
        assertEquals("closed\n", cat("proc/asound/card0/pcm0p/sub0/status"));
        assertEquals("\n", cat("proc/asound/card0/timer_source"));
        assertTrue(cat("proc/asound/timers").startsWith("G0: system timer : 4000.000us"), cat("proc/asound/timers"));
    }

    @Test
    void procTimersIsLive() {
        Handle u = open("ctl/utimer");
        u.write(0, bytes("create 551250000\n"), caller());
        assertTrue(cat("proc/asound/timers").contains("G4:  : 551250.000us (1 ticks)\n"), cat("proc/asound/timers"));
        u.release();
        opened.remove(u);
        assertTrue(!cat("proc/asound/timers").contains("G4:"));
    }

    private static List<String> entries(String text) {
        assertTrue(text.endsWith("\n"), text);
        assertEquals(1, text.chars().filter(c -> c == '\n').count(), text);
        return List.of(text.substring(0, text.length() - 1).split(",", -1));
    }

    private static void assertArray(String text, String first, String rest) {
        List<String> e = entries(text);
        assertEquals(32, e.size(), text);
        assertEquals(first, e.get(0), text);
        for (int i = 1; i < 32; i++) {
            assertEquals(rest, e.get(i), "entry " + i + " of " + text);
        }
    }

    @Test
    void moduleParameterTexts() {
        String p = "sys/module/snd_aloop/parameters/";
        assertArray(cat(p + "enable"), "Y", "N");
        assertArray(cat(p + "index"), "-1", "-1");
        assertArray(cat(p + "id"), "(null)", "(null)");
        assertArray(cat(p + "pcm_substreams"), "8", "8");
        assertArray(cat(p + "pcm_notify"), "0", "0");
        assertArray(cat(p + "timer_source"), "(null)", "(null)");
    }

    @Test
    void moduleParametersReflectTheCard() {
        LoopbackCard other = new LoopbackCard(core, clock, 3, "-1.4.2");
        DirNode r = SndTree.build(new SndTree.Models(clock, core, other, events, MODE, GID));
        String p = "sys/module/snd_aloop/parameters/";
        assertArray(read(r, p + "pcm_substreams"), "3", "8");
        assertArray(read(r, p + "timer_source"), "-1.4.2", "(null)");
    }

    private static String read(DirNode r, String path) {
        Handle h = ((FileNode) at(r, path)).open(caller());
        try {
            return new String(h.read(0, 65536, caller()), StandardCharsets.UTF_8);
        } finally {
            h.release();
        }
    }

    // ---- writable settings ----

    @Test
    void moduleTimerSourceIsBusyWhileAStreamIsOpen() {
        String p = "sys/module/snd_aloop/parameters/timer_source";
        Handle pcm = open("snd/pcmC0D0p");
        Handle param = open(p);
        assertErrno(Errno.EBUSY, () -> param.write(0, bytes("-1.4.0\n"), caller()));
        assertEquals("", card.timerSource());
        pcm.release();
        opened.remove(pcm);
        byte[] v = bytes("-1.4.0\n");
        assertEquals(v.length, param.write(0, v, caller()));
        assertEquals("-1.4.0", card.timerSource());
        assertArray(cat(p), "-1.4.0", "(null)");
        assertEquals("-1.4.0\n", cat("proc/asound/card0/timer_source"));
        open(p).write(0, bytes("(null)\n"), caller());
        assertEquals("", card.timerSource());
    }

    @Test
    void moduleTimerSourceTakesTheFirstEntryOfAnArray() {
        open("sys/module/snd_aloop/parameters/timer_source").write(0, bytes("Loopback.0,(null),(null)\n"), caller());
        assertEquals("Loopback.0", card.timerSource());
    }

    @Test
    void procTimerSourceMayChangeWhileAStreamIsOpen() {
        open("snd/pcmC0D0p");
        open("proc/asound/card0/timer_source").write(0, bytes("-1.4.0\nignored\n"), caller());
        assertEquals("-1.4.0", card.timerSource());
        open("proc/asound/card0/timer_source").write(0, bytes("\n"), caller());
        assertEquals("", card.timerSource(), "an empty line selects the system clock");
    }

    @Test
    void aMissingTimerSourceMakesThePcmOpenFailUntilTheUtimerExists() {
        open("sys/module/snd_aloop/parameters/timer_source").write(0, bytes("-1.4.0\n"), caller());
        assertErrno(Errno.ENODEV, () -> file("snd/pcmC0D0p").open(caller()));
        Handle u = open("ctl/utimer");
        u.write(0, bytes("create 20000000\n"), caller());
        assertEquals("id 0\n", readAvailable(u));
        assertInstanceOf(PcmHandle.class, open("snd/pcmC0D0p"));
    }

    @Test
    void ctlPcmProfilesApplyToLaterOpens() {
        Handle ctl = open("ctl/pcm");
        ctl.write(0, bytes("set C0D1c rate=44100 channels=1 period=441 buffer=1764\n"), caller());
        open("snd/pcmC0D1c");
        var s = card.substream(1, org.sndfuse.abi.pcm.PcmStream.CAPTURE, 0);
        assertNotNull(s);
        assertEquals(org.sndfuse.abi.pcm.PcmState.PREPARED, s.snapshot().state());
        assertEquals(44100, s.snapshot().rate());
        assertEquals(1, s.snapshot().channels());
        assertEquals(441, s.snapshot().periodSize());
        assertEquals(1764, s.snapshot().bufferSize());
        assertTrue(cat("proc/asound/card0/pcm1c/sub0/hw_params").contains("44100"));
    }

    @Test
    void ctlPcmProfileThatCannotApplyFailsTheOpenAndFreesTheSubstream() {
        open("ctl/pcm").write(0, bytes("set C0D0p rate=1\n"), caller());
        assertErrno(Errno.EINVAL, () -> file("snd/pcmC0D0p").open(caller()));
        assertTrue(card.openSubstreams().isEmpty(), "the substream is closed again");
    }
}
