package org.sndfuse.fuse.pcm;

import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.aloop.LoopbackProc;
import org.sndfuse.aloop.ModuleParameters;
import org.sndfuse.fuse.control.ControlHandle;
import org.sndfuse.fuse.handle.ProcessMemory;
import org.sndfuse.fuse.shell.PcmShellHandle;
import org.sndfuse.fuse.node.DirNode;
import org.sndfuse.fuse.node.FileNode;
import org.sndfuse.fuse.text.WritableTextHandle;

/**
 * The loopback card's part of the tree: {@code snd/controlC0}, {@code snd/pcmC0D{0,1}{p,c}},
 * {@code proc/asound/{cards,devices,pcm,card0/...}} and {@code sys/module/snd_aloop/parameters/*}.
 */
public final class LoopbackNodes {
    private LoopbackNodes() {}

    public static void add(DirNode root, LoopbackCard card, int deviceMode, int deviceGid) {
        ShellProfiles profiles = new ShellProfiles();
        LoopbackProc proc = new LoopbackProc(card);
        PcmIoctlDispatch ioctls = new PcmIoctlDispatch(ProcessMemory.INSTANCE);
        DirNode snd = root.dir("snd");
        snd.add(new FileNode("controlC" + LoopbackCard.CARD_INDEX, deviceMode, deviceGid,
                c -> new ControlHandle(card.openControl(c.pid()), ProcessMemory.INSTANCE)));
        for (int d = 0; d < LoopbackCard.DEVICES; d++) {
            for (int stream : new int[] {PcmStream.PLAYBACK, PcmStream.CAPTURE}) {
                int device = d;
                snd.add(new FileNode(PcmNodes.nodeName(d, stream), deviceMode, deviceGid,
                        c -> PcmNodes.open(card, profiles, ioctls, device, stream, c),
                        c -> PcmNodes.openParked(card, profiles, ioctls, device, stream, c)));
            }
        }

        root.dir("ctl").add(new FileNode("pcm", deviceMode, deviceGid, c -> new PcmShellHandle(profiles)));

        DirNode asound = root.dir("proc").dir("asound");
        asound.add(FileNode.text("cards", proc::cards));
        asound.add(FileNode.text("devices", proc::devices));
        asound.add(FileNode.text("pcm", proc::pcm));
        DirNode card0 = asound.dir("card" + LoopbackCard.CARD_INDEX);
        card0.add(FileNode.text("id", proc::cardId));
        for (int d = 0; d < LoopbackCard.DEVICES; d++) {
            for (int stream : new int[] {PcmStream.PLAYBACK, PcmStream.CAPTURE}) {
                int device = d;
                DirNode pcm = card0.dir("pcm" + d + (stream == PcmStream.PLAYBACK ? "p" : "c"));
                pcm.add(FileNode.text("info", () -> proc.pcmInfo(device, stream)));
                for (int s = 0; s < card.substreams(); s++) {
                    int sub = s;
                    DirNode subDir = pcm.dir("sub" + s);
                    subDir.add(FileNode.text("info", () -> proc.subInfo(device, stream, sub)));
                    subDir.add(FileNode.text("hw_params", () -> proc.hwParams(device, stream, sub)));
                    subDir.add(FileNode.text("sw_params", () -> proc.swParams(device, stream, sub)));
                    subDir.add(FileNode.text("status", () -> proc.status(device, stream, sub)));
                }
            }
        }
        card0.add(FileNode.text("cable#0", () -> proc.cable(0)));
        card0.add(FileNode.text("cable#1", () -> proc.cable(1)));
        card0.add(new FileNode("timer_source", 0644, -1,
                c -> new WritableTextHandle(proc.timerSource(), proc::writeTimerSource, WritableTextHandle.PROC)));

        DirNode params = root.dir("sys").dir("module").dir("snd_aloop").dir("parameters");
        ModuleParameters module = new ModuleParameters(card);
        for (String name : ModuleParameters.NAMES) {
            if (name.equals("timer_source")) {
                params.add(new FileNode(name, 0644, -1,
                        c -> new WritableTextHandle(module.read(name), module::writeTimerSource, WritableTextHandle.SYSFS)));
            } else {
                params.add(FileNode.text(name, () -> module.read(name)));
            }
        }
    }

}
