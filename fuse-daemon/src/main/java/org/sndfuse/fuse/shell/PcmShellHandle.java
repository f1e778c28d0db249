package org.sndfuse.fuse.shell;

import java.util.Map;
import org.sndfuse.aloop.StreamProfile;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.pcm.ShellProfiles;
import org.sndfuse.fuse.text.LineCommandHandle;

/**
 * {@code ctl/pcm}: stream profiles for shell tools. {@code set C0D0p format=S16_LE rate=48000 channels=2
 * period=960 buffer=3840 start=1} makes every later open of {@code snd/pcmC0D0p} come out configured and
 * PREPARED, so {@code dd} can write or read it; {@code clear C0D0p}; {@code show}. Profiles stay until cleared.
 */
public final class PcmShellHandle extends LineCommandHandle {
    private final ShellProfiles profiles;

    public PcmShellHandle(ShellProfiles profiles) {
        this.profiles = profiles;
    }

    @Override
    protected String execute(String line, Caller caller) {
        String[] w = line.split("\\s+");
        switch (w[0]) {
            case "set":
                if (w.length < 2) {
                    throw new SndException(Errno.EINVAL, "set needs a node, e.g. 'set C0D0p rate=48000'");
                }
                profiles.set(w[1], StreamProfile.parse(w, 2));
                return null;
            case "clear":
                args(w, 1, 1);
                profiles.clear(w[1]);
                return null;
            case "show": {
                args(w, 0, 0);
                StringBuilder b = new StringBuilder();
                for (Map.Entry<String, StreamProfile> e : profiles.all().entrySet()) {
                    b.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
                }
                return b.toString();
            }
            default:
                throw new SndException(Errno.EINVAL, "unknown command '" + printable(w[0])
                        + "' (expected set NODE KEY=VALUE..., clear NODE or show)");
        }
    }

    @Override
    public void release() {
    }
}
