package org.sndfuse.timer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * The registered timers in the kernel's order (sound/core/timer.c's snd_timer_list, sorted by class, card, device,
 * subdevice): insertion, exact lookup (snd_timer_find()) and the NEXT_DEVICE walk. Not thread-safe: the core's
 * lock guards it.
 */
final class TimerList implements Iterable<Timer> {
    private static final Comparator<Timer> ORDER = Comparator.<Timer>comparingInt(t -> t.id().devClass())
            .thenComparingInt(t -> t.id().card()).thenComparingInt(t -> t.id().device())
            .thenComparingInt(t -> t.id().subdevice());

    private final List<Timer> timers = new ArrayList<>();

    /** Inserts {@code t} in order; EBUSY if a timer with the same id is listed. */
    void add(Timer t) {
        int i = 0;
        for (; i < timers.size(); i++) {
            int c = ORDER.compare(timers.get(i), t);
            if (c == 0) {
                throw new SndException(Errno.EBUSY, "timer " + t.id().shortName() + " exists");
            }
            if (c > 0) {
                break;
            }
        }
        timers.add(i, t);
    }

    boolean remove(Timer t) {
        return timers.remove(t);
    }

    List<Timer> snapshot() {
        return List.copyOf(timers);
    }

    @Override
    public Iterator<Timer> iterator() {
        return timers.iterator();
    }

    /** Exact match (the card is compared only for card and PCM classes), or null. */
    Timer find(TimerId id) {
        for (Timer t : timers) {
            TimerId tid = t.id();
            if (tid.devClass() != id.devClass()) {
                continue;
            }
            boolean cardClass = tid.devClass() == TimerId.CLASS_CARD || tid.devClass() == TimerId.CLASS_PCM;
            if (cardClass && tid.card() != id.card()) {
                continue;
            }
            if (tid.device() == id.device() && tid.subdevice() == id.subdevice()) {
                return t;
            }
        }
        return null;
    }

    /**
     * NEXT_DEVICE (snd_timer_user_next_device(), docs/kernel-facts.md T6): global timers advance by device number
     * only; card and PCM timers by card, device, subdevice; the end marker when nothing follows.
     */
    TimerId next(TimerId id) {
        if (id.devClass() < 0) {
            return timers.isEmpty() ? TimerId.END : reported(timers.get(0));
        }
        switch (id.devClass()) {
            case TimerId.CLASS_GLOBAL: {
                int device = id.device() < 0 ? 0 : id.device() + 1;
                for (Timer t : timers) {
                    if (t.id().devClass() > TimerId.CLASS_GLOBAL || t.id().device() >= device) {
                        return reported(t);
                    }
                }
                return TimerId.END;
            }
            case TimerId.CLASS_CARD:
            case TimerId.CLASS_PCM:
                return nextCardOrPcm(id);
            default:
                return TimerId.END;
        }
    }

    private TimerId nextCardOrPcm(TimerId id) {
        int card = id.card(), device = id.device(), sub = id.subdevice();
        if (card < 0) {
            card = 0;
        } else if (device < 0) {
            device = 0;
        } else if (sub < 0) {
            sub = 0;
        } else if (sub < Integer.MAX_VALUE) {
            sub++;
        }
        for (Timer t : timers) {
            TimerId tid = t.id();
            if (tid.devClass() > id.devClass()) {
                return reported(t);
            }
            if (tid.devClass() < id.devClass()) {
                continue;
            }
            int c = Integer.compare(tid.card(), card);
            if (c == 0) {
                c = Integer.compare(tid.device(), device);
            }
            if (c == 0) {
                c = Integer.compare(tid.subdevice(), sub);
            }
            if (c >= 0) {
                return reported(t);
            }
        }
        return TimerId.END;
    }

    private static TimerId reported(Timer t) {
        return t.id().withSclass(TimerId.SCLASS_NONE);
    }
}
