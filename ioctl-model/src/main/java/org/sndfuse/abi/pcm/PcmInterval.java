package org.sndfuse.abi.pcm;

import org.sndfuse.abi.StructBytes;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * struct snd_interval (12 bytes): unsigned 32-bit bounds plus the openmin/openmax/integer/empty bits, and the
 * interval arithmetic the hardware-parameter rules use (docs/pcm-abi.md §2). Open ends exclude the bound;
 * "integer" restricts to whole numbers; results saturate at {@link #UINT_MAX}.
 */
public final class PcmInterval {
    public static final int SIZE = 12;
    public static final long UINT_MAX = 0xffffffffL;
    public static final int BIT_OPENMIN = 1, BIT_OPENMAX = 2, BIT_INTEGER = 4, BIT_EMPTY = 8;

    public long min;
    public long max;
    public boolean openmin;
    public boolean openmax;
    public boolean integer;
    public boolean empty;

    /** [0, UINT_MAX], nothing excluded. */
    public static PcmInterval any() {
        PcmInterval i = new PcmInterval();
        i.max = UINT_MAX;
        return i;
    }

    /** The closed interval [min, max]. */
    public static PcmInterval of(long min, long max) {
        PcmInterval i = new PcmInterval();
        i.min = min;
        i.max = max;
        return i;
    }

    /** The single integer {@code v}. */
    public static PcmInterval single(long v) {
        PcmInterval i = of(v, v);
        i.integer = true;
        return i;
    }

    public static PcmInterval none() {
        PcmInterval i = new PcmInterval();
        i.empty = true;
        return i;
    }

    public PcmInterval copy() {
        PcmInterval i = new PcmInterval();
        i.set(this);
        return i;
    }

    public void set(PcmInterval o) {
        min = o.min;
        max = o.max;
        openmin = o.openmin;
        openmax = o.openmax;
        integer = o.integer;
        empty = o.empty;
    }

    public boolean isEmpty() {
        return empty;
    }

    /** One value only: equal bounds, or adjacent bounds with one of them open. */
    public boolean isSingle() {
        return min == max || (min + 1 == max && (openmin || openmax));
    }

    /** The value of a single interval: the minimum unless it is excluded. */
    public long value() {
        return openmin && !openmax ? max : min;
    }

    /** Whether {@code v} lies inside. */
    public boolean test(long v) {
        return !(min > v || (min == v && openmin) || max < v || (max == v && openmax));
    }

    private boolean checkEmpty() {
        return min > max || ((openmin || openmax) && min == max);
    }

    /** Intersects with {@code v}; true if changed, EINVAL when nothing is left (the interval is then empty). */
    public boolean refine(PcmInterval v) {
        if (empty || v.empty) {
            empty = true;
            throw new SndException(Errno.EINVAL, "empty interval");
        }
        boolean changed = false;
        if (min < v.min) {
            min = v.min;
            openmin = v.openmin;
            changed = true;
        } else if (min == v.min && !openmin && v.openmin) {
            openmin = true;
            changed = true;
        }
        if (max > v.max) {
            max = v.max;
            openmax = v.openmax;
            changed = true;
        } else if (max == v.max && !openmax && v.openmax) {
            openmax = true;
            changed = true;
        }
        if (!integer && v.integer) {
            integer = true;
            changed = true;
        }
        if (integer) {
            // Whole numbers only: an excluded bound moves inwards to the next integer.
            if (openmin) {
                min++;
                openmin = false;
            }
            if (openmax) {
                max--;
                openmax = false;
            }
        } else if (!openmin && !openmax && min == max) {
            integer = true;
        }
        if (checkEmpty()) {
            empty = true;
            throw new SndException(Errno.EINVAL, "empty interval");
        }
        return changed;
    }

    /** Narrows to the smallest value (HW_PARAMS' "first" choice); true if changed. */
    public boolean refineFirst() {
        if (empty) {
            throw new SndException(Errno.EINVAL, "empty interval");
        }
        if (isSingle()) {
            return false;
        }
        long lastMax = max;
        max = min;
        if (openmin) {
            max++;
        }
        // The upper end stays excluded only if it was excluded before and nothing moved past it.
        openmax = openmax && max >= lastMax;
        return true;
    }

    /** Narrows to the largest value (HW_PARAMS' choice for BUFFER_SIZE); true if changed. */
    public boolean refineLast() {
        if (empty) {
            throw new SndException(Errno.EINVAL, "empty interval");
        }
        if (isSingle()) {
            return false;
        }
        long lastMin = min;
        min = max;
        if (openmax) {
            min--;
        }
        openmin = openmin && min <= lastMin;
        return true;
    }

    public boolean refineMin(long v, boolean open) {
        PcmInterval t = any();
        t.min = v;
        t.openmin = open;
        return refine(t);
    }

    public boolean refineMax(long v, boolean open) {
        PcmInterval t = any();
        t.max = v;
        t.openmax = open;
        return refine(t);
    }

    private static long mul32(long a, long b) {
        if (b == 0) {
            return 0;
        }
        return a > UINT_MAX / b ? UINT_MAX : a * b;
    }

    /** a × b / c with the remainder in rem[0]; UINT_MAX (remainder 0) when c is 0 or the result overflows. */
    private static long mulDiv32(long a, long b, long c, long[] rem) {
        if (c == 0) {
            rem[0] = 0;
            return UINT_MAX;
        }
        long n = a * b; // both < 2^32, so the product fits in an unsigned 64-bit value
        long q = Long.divideUnsigned(n, c);
        long r = Long.remainderUnsigned(n, c);
        if (Long.compareUnsigned(q, UINT_MAX) >= 0) {
            rem[0] = 0;
            return UINT_MAX;
        }
        rem[0] = r;
        return q;
    }

    /** c = a × b. */
    public static PcmInterval mul(PcmInterval a, PcmInterval b) {
        if (a.empty || b.empty) {
            return none();
        }
        PcmInterval c = new PcmInterval();
        c.min = mul32(a.min, b.min);
        c.openmin = a.openmin || b.openmin;
        c.max = mul32(a.max, b.max);
        c.openmax = a.openmax || b.openmax;
        c.integer = a.integer && b.integer;
        return c;
    }

    /** c = a / b. */
    public static PcmInterval div(PcmInterval a, PcmInterval b) {
        if (a.empty || b.empty) {
            return none();
        }
        PcmInterval c = new PcmInterval();
        if (b.max == 0) {
            c.min = UINT_MAX;
            c.openmin = a.openmin || b.openmax;
        } else {
            c.min = a.min / b.max;
            c.openmin = a.min % b.max != 0 || a.openmin || b.openmax;
        }
        if (b.min > 0) {
            c.max = a.max / b.min;
            if (a.max % b.min != 0) {
                c.max++;
                c.openmax = true;
            } else {
                c.openmax = a.openmax || b.openmin;
            }
        } else {
            c.max = UINT_MAX;
            c.openmax = false;
        }
        c.integer = false;
        return c;
    }

    /** c = a × b / k. */
    public static PcmInterval mulDivK(PcmInterval a, PcmInterval b, long k) {
        if (a.empty || b.empty) {
            return none();
        }
        long[] r = new long[1];
        PcmInterval c = new PcmInterval();
        c.min = mulDiv32(a.min, b.min, k, r);
        c.openmin = r[0] != 0 || a.openmin || b.openmin;
        c.max = mulDiv32(a.max, b.max, k, r);
        if (r[0] != 0) {
            c.max++;
            c.openmax = true;
        } else {
            c.openmax = a.openmax || b.openmax;
        }
        c.integer = false;
        return c;
    }

    /** c = a × k / b. */
    public static PcmInterval mulKDiv(PcmInterval a, long k, PcmInterval b) {
        if (a.empty || b.empty) {
            return none();
        }
        long[] r = new long[1];
        PcmInterval c = new PcmInterval();
        c.min = mulDiv32(a.min, k, b.max, r);
        c.openmin = r[0] != 0 || a.openmin || b.openmax;
        if (b.min > 0) {
            c.max = mulDiv32(a.max, k, b.min, r);
            if (r[0] != 0) {
                c.max++;
                c.openmax = true;
            } else {
                c.openmax = a.openmax || b.openmin;
            }
        } else {
            c.max = UINT_MAX;
            c.openmax = false;
        }
        c.integer = false;
        return c;
    }

    public int flagBits() {
        return (openmin ? BIT_OPENMIN : 0) | (openmax ? BIT_OPENMAX : 0) | (integer ? BIT_INTEGER : 0)
                | (empty ? BIT_EMPTY : 0);
    }

    public static PcmInterval decode(StructBytes s, int base) {
        PcmInterval i = new PcmInterval();
        i.min = s.u32(base);
        i.max = s.u32(base + 4);
        int f = s.i32(base + 8);
        i.openmin = (f & BIT_OPENMIN) != 0;
        i.openmax = (f & BIT_OPENMAX) != 0;
        i.integer = (f & BIT_INTEGER) != 0;
        i.empty = (f & BIT_EMPTY) != 0;
        return i;
    }

    public void encode(StructBytes s, int base) {
        s.u32(base, min).u32(base + 4, max).i32(base + 8, flagBits());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PcmInterval i && i.min == min && i.max == max && i.flagBits() == flagBits();
    }

    @Override
    public int hashCode() {
        return Long.hashCode(min * 31 + max) ^ flagBits();
    }

    @Override
    public String toString() {
        if (empty) {
            return "NONE";
        }
        if (min == max) {
            return Long.toString(min);
        }
        return (openmin ? "(" : "[") + min + " " + max + (openmax ? ")" : "]") + (integer ? "i" : "");
    }
}
