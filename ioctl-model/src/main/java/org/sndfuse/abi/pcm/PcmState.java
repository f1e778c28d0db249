package org.sndfuse.abi.pcm;

/** snd_pcm_state_t values (docs/pcm-abi.md §2) and the names /proc prints for them. */
public final class PcmState {
    private PcmState() {}

    public static final int OPEN = 0, SETUP = 1, PREPARED = 2, RUNNING = 3, XRUN = 4, DRAINING = 5, PAUSED = 6,
            SUSPENDED = 7, DISCONNECTED = 8;

    private static final String[] NAMES = {"OPEN", "SETUP", "PREPARED", "RUNNING", "XRUN", "DRAINING", "PAUSED",
        "SUSPENDED", "DISCONNECTED"};

    public static String name(int state) {
        return state >= 0 && state < NAMES.length ? NAMES[state] : "UNKNOWN";
    }
}
