package org.sndfuse.rtp;

import org.sndfuse.errno.SndException;

/**
 * Posts one line on the mount's {@code events} stream (a write of one line there reaches every reader as
 * {@code TIME user LINE}). Best effort: a mount without the feature costs one warning, never the stream.
 */
public final class EventPoster {
    private final String path;
    private boolean warned;

    public EventPoster(String mount) {
        this.path = mount + "/events";
    }

    public void post(String line) {
        try (DeviceFile f = DeviceFile.open(path, LibC.O_WRONLY)) {
            f.writeText(line.replace('\n', ' ') + "\n");
        } catch (SndException e) {
            if (!warned) {
                warned = true;
                System.err.println("rtp-recv: cannot post on " + path + ": " + e.getMessage());
            }
        }
    }
}
