package org.sndfuse.abi.timer;

/** SNDRV_TIMER_EVENT_* numbers carried in tread records and used as filter bit positions. */
public final class TimerEvent {
    private TimerEvent() {}

    public static final int RESOLUTION = 0, TICK = 1, START = 2, STOP = 3, CONTINUE = 4, PAUSE = 5, EARLY = 6,
            SUSPEND = 7, RESUME = 8;
    /** Master events, seen by slave instances: base + 10. */
    public static final int MSTART = 12, MSTOP = 13, MCONTINUE = 14, MPAUSE = 15, MSUSPEND = 17, MRESUME = 18;

    /** Filter bits PARAMS accepts: every event but EARLY (snd_timer_user_params(), docs/kernel-facts.md T1). */
    public static final int FILTER_MASK = (1 << RESOLUTION) | (1 << TICK) | (1 << START) | (1 << STOP)
            | (1 << CONTINUE) | (1 << PAUSE) | (1 << SUSPEND) | (1 << RESUME) | (1 << MSTART) | (1 << MSTOP)
            | (1 << MCONTINUE) | (1 << MPAUSE) | (1 << MSUSPEND) | (1 << MRESUME);

    public static String name(int event) {
        switch (event) {
            case RESOLUTION: return "resolution";
            case TICK: return "tick";
            case START: return "start";
            case STOP: return "stop";
            case CONTINUE: return "continue";
            case PAUSE: return "pause";
            case EARLY: return "early";
            case SUSPEND: return "suspend";
            case RESUME: return "resume";
            case MSTART: return "mstart";
            case MSTOP: return "mstop";
            case MCONTINUE: return "mcontinue";
            case MPAUSE: return "mpause";
            case MSUSPEND: return "msuspend";
            case MRESUME: return "mresume";
            default: return "event" + event;
        }
    }
}
