package org.sndfuse.aloop;

import java.nio.ByteBuffer;
import org.sndfuse.abi.pcm.PcmAccess;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.abi.pcm.SwParams;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fasync.Fasync;

/**
 * The state of one open substream (struct snd_pcm_runtime): the chosen hardware and software parameters, the
 * status (state, pointers, timestamps), the ring buffer and the pointer arithmetic of the kernel's
 * pcm_lib.c / pcm_local.h (snd_pcm_playback_avail, snd_pcm_capture_avail). Pointers are frame counters in
 * [0, boundary); a buffer offset is a pointer modulo the buffer size.
 *
 * <p>Lock: every field is guarded by the lock of the cable the substream belongs to; a plain record without
 * a reference to that lock, so the callers (PcmLib, PcmNative, PcmSync, PcmParams, LoopbackCable) assert it.
 */
final class PcmRuntime {
    final int stream;
    /** O_ASYNC registrations of the substream's open files (runtime->fasync, docs/preload.md "SIGIO"). */
    final Fasync fasync = new Fasync();
    int state = PcmState.OPEN;

    // Hardware parameters (HW_PARAMS).
    int access;
    int format;
    int subformat;
    int channels;
    int rate;
    int rateNum;
    int rateDen;
    int info;
    int msbits;
    long periodSize;
    long periods;
    long bufferSize;
    int sampleBits;
    int frameBits;
    boolean noPeriodWakeup;
    /** Period time in ns, computed as snd_pcm_timer_resolution_change() does (snd_pcm_timer_resolution_change). */
    long timerResolution;
    /** The ring: {@code dma}'s area while parameters are set, null otherwise (runtime->dma_area). */
    ByteBuffer buffer;
    private PcmDmaBuffer dma;
    /** The status and control pages clients map, or null while no client can (PcmMmap#offer). */
    PcmMmapPages pages;

    // Software parameters (SW_PARAMS; defaults after HW_PARAMS).
    int tstampMode = SwParams.TSTAMP_NONE;
    int tstampType = SwParams.TSTAMP_TYPE_GETTIMEOFDAY;
    int periodStep = 1;
    long availMin;
    long startThreshold;
    long stopThreshold;
    long silenceThreshold;
    long silenceSize;
    long boundary;

    // Status.
    long hwPtr;
    long applPtr;
    /** Frames the hardware pointer lost to boundary wraps, for the audio timestamp. */
    long hwPtrWrap;
    long availMax;
    long triggerNanos;
    long tstampNanos;
    long audioTstampNanos;
    /** The frames a blocked transfer waits for (0 when nobody waits): wake-ups use it instead of avail_min. */
    long twake;
    /** Playback silencing bookkeeping (threshold mode). */
    long silenceStart;
    long silenceFilled;

    PcmRuntime(int stream) {
        this.stream = stream;
    }

    boolean isPlayback() {
        return stream == PcmStream.PLAYBACK;
    }

    int frameBytes() {
        return frameBits / 8;
    }

    int bufferBytes() {
        return (int) (bufferSize * frameBytes());
    }

    int periodBytes() {
        return (int) (periodSize * frameBytes());
    }

    boolean interleaved() {
        return PcmAccess.isInterleaved(access) || channels == 1;
    }

    PcmFormat pcmFormat() {
        return PcmFormat.of(format);
    }

    /** The hardware is moving: RUNNING, or DRAINING for playback (snd_pcm_running()). */
    boolean running() {
        return state == PcmState.RUNNING || (state == PcmState.DRAINING && isPlayback());
    }

    /** Frames the application may write (playback) now; can exceed the buffer size after an ignored underrun. */
    long playbackAvail() {
        long a = hwPtr + bufferSize - applPtr;
        if (a < 0) {
            a += boundary;
        } else if (Long.compareUnsigned(a, boundary) >= 0) {
            a -= boundary;
        }
        return a;
    }

    /** Frames the application may read (capture) now. */
    long captureAvail() {
        long a = hwPtr - applPtr;
        if (a < 0) {
            a += boundary;
        }
        return a;
    }

    long avail() {
        return isPlayback() ? playbackAvail() : captureAvail();
    }

    /** The other side of avail: frames queued for the hardware (playback) or already read but kept (capture). */
    long hwAvail() {
        return bufferSize - avail();
    }

    /** DELAY's value: frames queued (playback) or waiting to be read (capture). */
    long delay() {
        return isPlayback() ? bufferSize - playbackAvail() : captureAvail();
    }

    /** pcm_lib_apply_appl_ptr(): a new application pointer; EINVAL beyond the boundary. */
    void setApplPtr(long appl) {
        if (appl == applPtr) {
            return;
        }
        if (Long.compareUnsigned(appl, boundary) >= 0) {
            throw new SndException(Errno.EINVAL, "appl_ptr beyond the boundary");
        }
        applPtr = appl;
    }

    long addPtr(long ptr, long frames) {
        long n = ptr + frames;
        if (Long.compareUnsigned(n, boundary) >= 0) {
            n -= boundary;
        }
        return n;
    }

    long subPtr(long ptr, long frames) {
        long n = ptr - frames;
        if (n < 0) {
            n += boundary;
        }
        return n;
    }

    /** The largest buffer_size × 2^k not above LONG_MAX − buffer_size (snd_pcm_hw_params: boundary). */
    static long boundaryFor(long bufferSize) {
        long b = bufferSize;
        while (b <= (Long.MAX_VALUE - bufferSize) / 2) {
            b *= 2;
        }
        return b;
    }

    /**
     * The period length in ns with the kernel's integer arithmetic: reduce 1e9/rate and rate/period by their
     * gcds first (48000 Hz × 1024 = 21 333 333, × 960 = 20 000 000; 8000 × 4410 = 551 250 000).
     */
    static long timerResolution(long rate, long periodSize) {
        long mult = 1_000_000_000L;
        long r = rate;
        long g = gcd(mult, r);
        mult /= g;
        r /= g;
        long fsize = periodSize;
        g = gcd(r, fsize);
        r /= g;
        fsize /= g;
        long post = 1;
        while (Math.multiplyHigh(mult, fsize) != 0 || mult * fsize < 0) {
            mult /= 2;
            post *= 2;
        }
        if (r == 0) {
            return -1;
        }
        return (mult * fsize / r) * post;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** Takes {@code b} as the ring buffer, freeing the previous one. */
    void setBuffer(PcmDmaBuffer b) {
        freeBuffer();
        dma = b;
        buffer = b.area();
    }

    /** Frees the ring buffer (HW_FREE, a failed HW_PARAMS, release). */
    void freeBuffer() {
        if (dma != null) {
            buffer = null;
            PcmDmaBuffer d = dma;
            dma = null;
            d.free();
        }
    }

    PcmDmaBuffer dmaBuffer() {
        return dma;
    }

    /** Frees the status and control pages (the substream's release). */
    void freePages() {
        if (pages != null) {
            PcmMmapPages p = pages;
            pages = null;
            p.free();
        }
    }

    /** snd_pcm_format_set_silence() on {@code len} bytes of the ring from {@code off} (a sample boundary). */
    void fillSilenceBytes(int off, int len) {
        ByteBuffer chunk = pcmFormat().silenceChunk();
        while (len > 0) {
            int n = Math.min(len, chunk.capacity());
            buffer.put(off, chunk, 0, n);
            off += n;
            len -= n;
        }
    }

    /** Fills {@code frames} frames of silence at ring offset {@code ofs} (frames), wrapping at the end. */
    void fillSilence(long ofs, long frames) {
        if (buffer == null || frames <= 0) {
            return;
        }
        frames = Math.min(frames, bufferSize);
        while (frames > 0) {
            long o = ofs % bufferSize;
            long n = Math.min(frames, bufferSize - o);
            if (interleaved()) {
                fillSilenceBytes((int) (o * frameBytes()), (int) (n * frameBytes()));
            } else {
                int sampleBytes = sampleBits / 8;
                int chanBytes = (int) (bufferSize * sampleBytes);
                for (int c = 0; c < channels; c++) {
                    fillSilenceBytes(c * chanBytes + (int) (o * sampleBytes), (int) (n * sampleBytes));
                }
            }
            frames -= n;
            ofs = o + n;
        }
    }

    /**
     * Playback silencing after the hardware moved from {@code oldHw} (or, with -1, the whole free area at
     * prepare/start/sw_params): threshold mode keeps {@code silenceThreshold} frames of silence-or-data ahead
     * of the hardware; top-up mode (size ≥ boundary) silences everything the hardware has just played.
     */
    void playbackSilence(long oldHw) {
        if (!isPlayback() || silenceSize == 0 || buffer == null) {
            return;
        }
        if (Long.compareUnsigned(silenceSize, boundary) < 0) {
            long moved = applPtr - silenceStart;
            if (moved < 0) {
                moved += boundary;
            }
            silenceFilled = moved < silenceFilled ? silenceFilled - moved : 0;
            silenceStart = applPtr;
            long noiseDist = hwAvail() + silenceFilled;
            if (noiseDist >= silenceThreshold) {
                return;
            }
            long frames = Math.min(silenceThreshold - noiseDist, silenceSize);
            fillSilence((silenceStart + silenceFilled) % bufferSize, frames);
            silenceFilled += frames;
        } else if (oldHw < 0) {
            long free = Math.min(playbackAvail(), bufferSize);
            fillSilence(applPtr % bufferSize, free);
        } else {
            long played = hwPtr - oldHw;
            if (played < 0) {
                played += boundary;
            }
            fillSilence(oldHw % bufferSize, Math.min(played, bufferSize));
        }
    }
}
