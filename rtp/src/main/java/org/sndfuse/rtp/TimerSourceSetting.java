package org.sndfuse.rtp;

import org.sndfuse.errno.SndException;

/**
 * The card's {@code proc/asound/card0/timer_source}: pointed at our utimer before the stream opens (it applies
 * to cables created afterwards, as in the kernel) and given its old value back at exit.
 */
public final class TimerSourceSetting implements AutoCloseable {
    private final String path;
    private final String old;
    private boolean restored;

    private TimerSourceSetting(String path, String old) {
        this.path = path;
        this.old = old;
    }

    public static TimerSourceSetting point(String path, String value) {
        String old;
        try (DeviceFile f = DeviceFile.open(path, LibC.O_RDONLY)) {
            old = f.readText().strip();
        }
        write(path, value);
        return new TimerSourceSetting(path, old);
    }

    private static void write(String path, String value) {
        try (DeviceFile f = DeviceFile.open(path, LibC.O_WRONLY)) {
            f.writeText(value + "\n");
        }
    }

    public String old() {
        return old;
    }

    @Override
    public void close() {
        if (!restored) {
            restored = true;
            try {
                write(path, old);
            } catch (SndException e) {
                System.err.println("rtp-recv: could not restore timer_source '" + old + "': " + e.getMessage());
            }
        }
    }
}
