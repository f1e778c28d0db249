package org.sndfuse.aloop;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * snd-aloop's module parameters as /sys/module/snd_aloop/parameters shows them: arrays with one entry per
 * possible card (SNDRV_CARDS), comma-separated, card 0 first. {@code timer_source} is writable here (it is 0444
 * in the kernel) while no stream of the card is open; the live, always-writable twin is card0/timer_source.
 */
public final class ModuleParameters {
    /** SNDRV_CARDS of a default kernel configuration. */
    public static final int SNDRV_CARDS = 32;
    public static final List<String> NAMES = List.of("enable", "index", "id", "pcm_substreams", "pcm_notify",
            "timer_source");

    private final LoopbackCard card;

    public ModuleParameters(LoopbackCard card) {
        this.card = card;
    }

    /** The text of parameter {@code name}, newline-terminated. */
    public String read(String name) {
        return switch (name) {
            case "enable" -> array(i -> i == 0 ? "Y" : "N");
            case "index" -> array(i -> "-1");
            case "id" -> array(i -> "(null)");
            case "pcm_substreams" -> array(i -> i == 0 ? Integer.toString(card.substreams()) : "8");
            case "pcm_notify" -> array(i -> "0");
            case "timer_source" -> array(i -> i == 0 && !card.timerSource().isEmpty() ? card.timerSource() : "(null)");
            default -> throw new SndException(Errno.ENOENT, "no module parameter " + name);
        };
    }

    /**
     * A write to {@code timer_source}: the array's first entry is card 0's, so the value is cut at the first
     * comma ("(null)" or empty = the system clock). EBUSY while the card has an open stream.
     */
    public void writeTimerSource(String text) {
        checkLength(text);
        if (!card.openSubstreams().isEmpty()) {
            throw new SndException(Errno.EBUSY, "the card has open streams; use proc/asound/card0/timer_source");
        }
        String v = text.strip();
        int comma = v.indexOf(',');
        String first = comma >= 0 ? v.substring(0, comma) : v;
        card.setTimerSource(first.equals("(null)") ? "" : first);
    }

    /** The longest sysfs write (one page: kernfs refuses more with E2BIG). */
    public static final int MAX_WRITE = 4096;
    /** The longest string a charp parameter takes (param_set_charp: ENOSPC beyond). */
    public static final int MAX_STRING = 1024;

    /**
     * Bounds as the kernel's: a write over a page is E2BIG (kernfs), and each comma-separated entry of a charp
     * array is at most 1024 characters, else ENOSPC (param_set_charp). Also used for --timer-source.
     */
    public static void checkLength(String text) {
        if (text.length() > MAX_WRITE) {
            throw new SndException(Errno.E2BIG, "a parameter write is at most " + MAX_WRITE + " bytes");
        }
        for (String entry : text.strip().split(",", -1)) {
            if (entry.length() > MAX_STRING) {
                throw new SndException(Errno.ENOSPC, "string parameter too long (over " + MAX_STRING + " characters)");
            }
        }
    }

    private static String array(IntFunction<String> entry) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < SNDRV_CARDS; i++) {
            parts.add(entry.apply(i));
        }
        return String.join(",", parts) + "\n";
    }
}
