package org.sndfuse.aloop;

import org.sndfuse.abi.pcm.PcmFormat;

/**
 * The seven controls snd-aloop creates for every (device, subdevice), interface PCM, index 0
 * (loopback_mixer_new in sound/drivers/aloop.c; docs/kernel-facts.md "The control device").
 * Controls on device D describe the cable whose capture end is on D.
 */
public enum LoopbackControl {
    RATE_SHIFT("PCM Rate Shift 100000", Type.INTEGER, 80000, 120000, true),
    NOTIFY("PCM Notify", Type.BOOLEAN, 0, 1, true),
    SLAVE_ACTIVE("PCM Slave Active", Type.BOOLEAN, 0, 1, false),
    SLAVE_FORMAT("PCM Slave Format", Type.INTEGER, 0, PcmFormat.LAST, false),
    SLAVE_RATE("PCM Slave Rate", Type.INTEGER, 0, 192000, false),
    SLAVE_CHANNELS("PCM Slave Channels", Type.INTEGER, 1, 1024, false),
    SLAVE_ACCESS("PCM Slave Access Mode", Type.ENUMERATED, 0, 1, false);

    public enum Type { INTEGER, BOOLEAN, ENUMERATED }

    /** Item names of the access-mode enumeration. */
    public static final String[] ACCESS_ITEMS = {"Interleaved", "Non-interleaved"};

    private final String controlName;
    private final Type type;
    private final long min;
    private final long max;
    private final boolean writable;

    LoopbackControl(String controlName, Type type, long min, long max, boolean writable) {
        this.controlName = controlName;
        this.type = type;
        this.min = min;
        this.max = max;
        this.writable = writable;
    }

    public String controlName() {
        return controlName;
    }

    public Type type() {
        return type;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    /** Step 1 for every integer control. */
    public long step() {
        return 1;
    }

    public boolean writable() {
        return writable;
    }
}
