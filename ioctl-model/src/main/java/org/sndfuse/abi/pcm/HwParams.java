package org.sndfuse.abi.pcm;

import org.sndfuse.abi.StructBytes;

/**
 * struct snd_pcm_hw_params (608 bytes; docs/pcm-abi.md §1): three masks, twelve intervals and the
 * scalar outputs. Mutable, because HW_REFINE and HW_PARAMS narrow it in place; the reserved mask/interval
 * slots and the tail are carried through byte for byte.
 */
public final class HwParams {
    public static final int SIZE = 608;
    public static final int OFF_FLAGS = 0, OFF_MASKS = 4, OFF_MRES = 100, LEN_MRES = 160, OFF_INTERVALS = 260,
            OFF_IRES = 404, LEN_IRES = 108, OFF_RMASK = 512, OFF_CMASK = 516, OFF_INFO = 520, OFF_MSBITS = 524,
            OFF_RATE_NUM = 528, OFF_RATE_DEN = 532, OFF_FIFO_SIZE = 536, OFF_RESERVED = 544, LEN_RESERVED = 64;
    public static final int MASKS = 3, INTERVALS = 12;

    /** hw_params flags (SNDRV_PCM_HW_PARAMS_*). */
    public static final int FLAG_NORESAMPLE = 1, FLAG_EXPORT_BUFFER = 2, FLAG_NO_PERIOD_WAKEUP = 4,
            FLAG_NO_DRAIN_SILENCE = 8;

    /** SNDRV_PCM_INFO_* bits reported in {@link #info}. */
    public static final int INFO_MMAP = 0x1, INFO_MMAP_VALID = 0x2, INFO_DOUBLE = 0x4, INFO_BATCH = 0x10,
            INFO_SYNC_APPLPTR = 0x20, INFO_PERFECT_DRAIN = 0x40, INFO_INTERLEAVED = 0x100,
            INFO_NONINTERLEAVED = 0x200, INFO_COMPLEX = 0x400, INFO_BLOCK_TRANSFER = 0x10000,
            INFO_OVERRANGE = 0x20000, INFO_RESUME = 0x40000, INFO_PAUSE = 0x80000, INFO_HALF_DUPLEX = 0x100000,
            INFO_JOINT_DUPLEX = 0x200000, INFO_SYNC_START = 0x400000, INFO_NO_PERIOD_WAKEUP = 0x800000,
            INFO_DRAIN_TRIGGER = 0x40000000, INFO_FIFO_IN_FRAMES = 0x80000000;

    public int flags;
    private final PcmMask[] masks = new PcmMask[MASKS];
    private byte[] mres = new byte[LEN_MRES];
    private final PcmInterval[] intervals = new PcmInterval[INTERVALS];
    private byte[] ires = new byte[LEN_IRES];
    public int rmask;
    public int cmask;
    public int info;
    public int msbits;
    public int rateNum;
    public int rateDen;
    public long fifoSize;
    private byte[] reserved = new byte[LEN_RESERVED];

    /** All masks and intervals empty-valued zeros; see {@link #any()} for the "anything goes" form. */
    public HwParams() {
        for (int i = 0; i < MASKS; i++) {
            masks[i] = PcmMask.none();
        }
        for (int i = 0; i < INTERVALS; i++) {
            intervals[i] = new PcmInterval();
        }
    }

    /**
     * What alsa-lib's snd_pcm_hw_params_any() sends first: every mask full, every interval [0, UINT_MAX],
     * rmask all ones, cmask 0, info ~0.
     */
    public static HwParams any() {
        HwParams p = new HwParams();
        for (int i = 0; i < MASKS; i++) {
            p.masks[i] = PcmMask.any();
        }
        for (int i = 0; i < INTERVALS; i++) {
            p.intervals[i] = PcmInterval.any();
        }
        p.rmask = ~0;
        p.info = ~0;
        return p;
    }

    public PcmMask mask(int param) {
        if (!PcmParam.isMask(param)) {
            throw new IllegalArgumentException("not a mask parameter: " + param);
        }
        return masks[param - PcmParam.FIRST_MASK];
    }

    public PcmInterval interval(int param) {
        if (!PcmParam.isInterval(param)) {
            throw new IllegalArgumentException("not an interval parameter: " + param);
        }
        return intervals[param - PcmParam.FIRST_INTERVAL];
    }

    public void setMask(int param, PcmMask m) {
        mask(param);
        masks[param - PcmParam.FIRST_MASK] = m.copy();
    }

    public void setInterval(int param, PcmInterval i) {
        interval(param).set(i);
    }

    /** The first value of a parameter (params_access(), params_rate(), params_period_size() ...). */
    public long min(int param) {
        return PcmParam.isMask(param) ? mask(param).min() : interval(param).min;
    }

    public HwParams copy() {
        return decode(encode());
    }

    public static HwParams decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        HwParams p = new HwParams();
        p.flags = s.i32(OFF_FLAGS);
        for (int i = 0; i < MASKS; i++) {
            p.masks[i] = PcmMask.decode(s, OFF_MASKS + i * PcmMask.SIZE);
        }
        p.mres = s.slice(OFF_MRES, LEN_MRES);
        for (int i = 0; i < INTERVALS; i++) {
            p.intervals[i] = PcmInterval.decode(s, OFF_INTERVALS + i * PcmInterval.SIZE);
        }
        p.ires = s.slice(OFF_IRES, LEN_IRES);
        p.rmask = s.i32(OFF_RMASK);
        p.cmask = s.i32(OFF_CMASK);
        p.info = s.i32(OFF_INFO);
        p.msbits = s.i32(OFF_MSBITS);
        p.rateNum = s.i32(OFF_RATE_NUM);
        p.rateDen = s.i32(OFF_RATE_DEN);
        p.fifoSize = s.i64(OFF_FIFO_SIZE);
        p.reserved = s.slice(OFF_RESERVED, LEN_RESERVED);
        return p;
    }

    public byte[] encode() {
        StructBytes s = StructBytes.allocate(SIZE);
        s.i32(OFF_FLAGS, flags);
        for (int i = 0; i < MASKS; i++) {
            masks[i].encode(s, OFF_MASKS + i * PcmMask.SIZE);
        }
        s.put(OFF_MRES, mres);
        for (int i = 0; i < INTERVALS; i++) {
            intervals[i].encode(s, OFF_INTERVALS + i * PcmInterval.SIZE);
        }
        s.put(OFF_IRES, ires);
        s.i32(OFF_RMASK, rmask).i32(OFF_CMASK, cmask).i32(OFF_INFO, info).i32(OFF_MSBITS, msbits)
                .i32(OFF_RATE_NUM, rateNum).i32(OFF_RATE_DEN, rateDen).i64(OFF_FIFO_SIZE, fifoSize);
        s.put(OFF_RESERVED, reserved);
        return s.bytes();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("HwParams{");
        for (int p = PcmParam.FIRST_MASK; p <= PcmParam.LAST_MASK; p++) {
            sb.append(PcmParam.name(p)).append('=').append(mask(p)).append(' ');
        }
        for (int p = PcmParam.FIRST_INTERVAL; p <= PcmParam.LAST_INTERVAL; p++) {
            sb.append(PcmParam.name(p)).append('=').append(interval(p)).append(' ');
        }
        return sb.append(String.format("rmask=%x cmask=%x info=%x msbits=%d rate=%d/%d fifo=%d}", rmask, cmask,
                info, msbits, rateNum, rateDen, fifoSize)).toString();
    }
}
