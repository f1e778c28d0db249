package org.sndfuse.aloop;

import java.util.function.ToIntFunction;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * The loopback's {@code timer_source} setting parsed into a timer id (kernel-facts A1): grammar
 * {@code [prefix:](card_id|card_index)[{.|,}device[{.|,}subdevice]]}. Everything up to the first ':' is
 * ignored; numbers take C base prefixes; a card that is not a number is looked up by card id; missing parts
 * are 0; card -1 selects the GLOBAL class (utimers are {@code -1.4.<id>}), anything else the PCM class.
 * The subclass is always APPLICATION.
 */
public final class TimerSource {
    /** Linux ERANGE, what kstrtoint() reports for out-of-range numbers. */
    public static final int ERANGE = 34;

    private TimerSource() {}

    /**
     * Parses {@code source}. {@code cardIndexById} maps a card id to its index, or -1 if no card has it.
     * Throws EINVAL or ERANGE as the kernel's parser does.
     */
    public static TimerId parse(String source, ToIntFunction<String> cardIndexById) {
        String name = source;
        int colon = name.indexOf(':');
        if (colon >= 0) {
            name = name.substring(colon + 1);
        }
        int sep = firstSeparator(name, 0);
        String cardPart = sep < 0 ? name : name.substring(0, sep);
        int card;
        try {
            card = parseInt(cardPart);
        } catch (SndException e) {
            if (e.errno() != Errno.EINVAL) {
                throw e;
            }
            card = cardIndexById.applyAsInt(cardPart);
            if (card < 0) {
                throw new SndException(Errno.EINVAL, "no card with id '" + cardPart + "'");
            }
        }
        int device = 0;
        int subdevice = 0;
        if (sep >= 0) {
            int sep2 = firstSeparator(name, sep + 1);
            device = parseInt(sep2 < 0 ? name.substring(sep + 1) : name.substring(sep + 1, sep2));
            if (sep2 >= 0) {
                subdevice = parseInt(name.substring(sep2 + 1));
            }
        }
        int devClass = card == -1 ? TimerId.CLASS_GLOBAL : TimerId.CLASS_PCM;
        return new TimerId(devClass, TimerId.SCLASS_APPLICATION, card, device, subdevice);
    }

    private static int firstSeparator(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.' || c == ',') {
                return i;
            }
        }
        return -1;
    }

    /**
     * kstrtoint(s, 0): optional sign, then "0x"/"0X" for hex, a leading 0 for octal, else decimal; one
     * trailing newline allowed. EINVAL for anything else, ERANGE beyond the int range.
     */
    public static int parseInt(String s) {
        String t = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        boolean negative = false;
        if (t.startsWith("-")) {
            negative = true;
            t = t.substring(1);
        } else if (t.startsWith("+")) {
            t = t.substring(1);
        }
        int radix = 10;
        if (t.length() > 1 && t.charAt(0) == '0' && (t.charAt(1) == 'x' || t.charAt(1) == 'X')) {
            radix = 16;
            t = t.substring(2);
        } else if (t.length() > 1 && t.charAt(0) == '0') {
            radix = 8;
            t = t.substring(1);
        }
        if (t.isEmpty()) {
            throw new SndException(Errno.EINVAL, "not a number: '" + s + "'");
        }
        long v = 0;
        for (int i = 0; i < t.length(); i++) {
            int d = Character.digit(t.charAt(i), radix);
            if (d < 0) {
                throw new SndException(Errno.EINVAL, "not a number: '" + s + "'");
            }
            v = v * radix + d;
            if (v > 0x80000000L) {
                throw new SndException(ERANGE, "number out of range: '" + s + "'");
            }
        }
        if (negative) {
            v = -v;
        }
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new SndException(ERANGE, "number out of range: '" + s + "'");
        }
        return (int) v;
    }
}
