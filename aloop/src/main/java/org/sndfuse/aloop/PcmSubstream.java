package org.sndfuse.aloop;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.sndfuse.abi.pcm.ChannelInfo;
import org.sndfuse.abi.pcm.HwParams;
import org.sndfuse.abi.pcm.MmapStatus;
import org.sndfuse.abi.pcm.PcmInfo;
import org.sndfuse.abi.pcm.PcmIoctl;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.abi.pcm.PcmStatus;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.abi.pcm.SwParams;
import org.sndfuse.abi.pcm.SyncPtr;
import org.sndfuse.concurrent.PollWaiter;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fasync.Fasync;

/**
 * One open PCM substream of the loopback card (struct snd_pcm_substream with its pcm_file): what a file
 * descriptor on {@code pcmC0D<d>p|c} holds. It is the entry point of every request: it takes the locks, checks
 * the substream is still usable and hands the request to the piece of the PCM core that serves it —
 * {@link PcmParams} and {@link PcmNative} (the parameter requests and the state machine of pcm_native.c),
 * {@link PcmSync} (the pointer requests), {@link PcmLib} (the data path of pcm_lib.c). The
 * {@link LoopbackCable} it belongs to moves the hardware pointer.
 *
 * <p>Lock: all state lives under the cable's lock (one lock for both ends, as data crosses between them);
 * parameter setup (HW_REFINE/HW_PARAMS/HW_FREE/PREPARE) takes the card lock first, for the cable hardware.
 * Blocking calls wait on the cable's condition one WaitSlice at a time, checking the caller's
 * {@code interrupted} supplier (EINTR, or the partial count) and {@link #disconnect()} (ENODEV) each time, and
 * give up with EIO after the kernel's wait time measured on the card's clock. The {@code *Parked} variants
 * ({@link PcmXfer}, {@link PcmDrainWait}) wait without a thread instead, for the low-level FUSE transport.
 */
public final class PcmSubstream {
    public static final int POLLIN = PcmLib.POLLIN, POLLOUT = PcmLib.POLLOUT, POLLERR = PcmLib.POLLERR,
            POLLRDNORM = PcmLib.POLLRDNORM, POLLWRNORM = PcmLib.POLLWRNORM;
    /** SNDRV_PCM_AUDIO_TSTAMP_TYPE_*: what STATUS_EXT may request. */
    public static final int AUDIO_TSTAMP_COMPAT = PcmSync.AUDIO_TSTAMP_COMPAT,
            AUDIO_TSTAMP_DEFAULT = PcmSync.AUDIO_TSTAMP_DEFAULT;

    final LoopbackCard card;
    final LoopbackCable cable;
    final PcmRuntime rt;
    final PcmLib lib;
    final PcmNative nat;
    private final PcmSync sync;
    private final PcmParams params;
    final PcmMmap mmap;
    private final int device;
    private final int stream;
    private final int number;
    private final int pid;
    private final String owner;
    private final LoopbackPcm dpcm;

    // Guarded by the cable lock (the flags are volatile for the lock-free isReleased()).
    private int userPversion;
    /** The linked group, or null (written with the card and cable locks held; see PcmGroup). */
    PcmGroup group;
    /** Open file descriptions sharing the substream (O_APPEND, snd_pcm_attach_substream); card lock. */
    private int refs = 1;
    private volatile boolean released;
    private volatile boolean disconnected;

    /** {@code constraints}: the core's and the driver's open-time constraints (snd_pcm_hw_constraints_*). */
    PcmSubstream(LoopbackCard card, LoopbackCable cable, int device, int stream, int number, int pid, String owner,
                 HwConstraints constraints, long fifoSize) {
        this.card = card;
        this.cable = cable;
        this.device = device;
        this.stream = stream;
        this.number = number;
        this.pid = pid;
        this.owner = owner;
        this.rt = new PcmRuntime(stream);
        this.dpcm = new LoopbackPcm(this);
        this.lib = new PcmLib(this);
        this.nat = new PcmNative(this);
        this.sync = new PcmSync(this);
        this.params = new PcmParams(this, constraints, fifoSize);
        this.mmap = new PcmMmap(this, params);
    }

    // ---- identity ----

    public int device() {
        return device;
    }

    public int stream() {
        return stream;
    }

    public int subdevice() {
        return number;
    }

    public int pid() {
        return pid;
    }

    public String owner() {
        return owner;
    }

    /** 0 for playback dev0 / capture dev1, 1 for playback dev1 / capture dev0. */
    public int cableIndex() {
        return cable.index;
    }

    public LoopbackCard card() {
        return card;
    }

    public boolean isReleased() {
        return released;
    }

    /** O_ASYNC registrations of this substream's open files: one signal per period elapsed (snd_pcm_fasync). */
    public Fasync fasync() {
        return rt.fasync;
    }

    PcmRuntime runtime() {
        return rt;
    }

    LoopbackPcm dpcm() {
        return dpcm;
    }

    LoopbackCable cable() {
        return cable;
    }

    // ---- locking: the one wrapper every request goes through ----

    /** Runs {@code body} under the cable lock once the substream is known usable (EBADF closed, ENODEV gone). */
    private <T> T usable(Supplier<T> body) {
        return cable.locked(() -> {
            checkUsable();
            return body.get();
        });
    }

    private void usable(Runnable body) {
        usable(() -> {
            body.run();
            return null;
        });
    }

    /** {@link #usable} with the card lock taken first (setup requests that touch the cable hardware). */
    private <T> T usableWithCard(Supplier<T> body) {
        return card.locked(() -> usable(body));
    }

    private void usableWithCard(Runnable body) {
        card.locked(() -> usable(body));
    }

    // ---- the snapshot ----

    /** The state, pointers and chosen parameters, read together under one lock. */
    public PcmSnapshot snapshot() {
        return cable.locked(() -> new PcmSnapshot(rt.state, rt.hwPtr, rt.applPtr, rt.access, rt.format,
                rt.channels, rt.rate, rt.periodSize, rt.bufferSize, rt.state == PcmState.OPEN ? 0 : rt.frameBytes(),
                rt.timerResolution, userPversion));
    }

    // ---- identity ioctls ----

    /** INFO. */
    public PcmInfo info() {
        checkUsable();
        return card.pcmInfo(device, stream, number);
    }

    /** PVERSION: 2.0.15. */
    public int pversion() {
        return PcmIoctl.PROTOCOL_VERSION;
    }

    /** USER_PVERSION: the protocol the client speaks; stored only (see {@link PcmSnapshot#userPversion()}). */
    public void userPversion(int version) {
        usable(() -> {
            userPversion = version;
        });
    }

    /** TSTAMP: obsolete, accepted and ignored. */
    public void tstamp(int mode) {
        checkUsable();
    }

    public void ttstamp(int type) {
        usable(() -> params.ttstamp(type));
    }

    // ---- the mapped data buffer (docs/mmap.md) ----

    /**
     * The descriptor's process can map the data buffer (it loaded the preload library): offer the mmap
     * access modes and info bits from now on, and take the ring from the card's mmap allocator at the next
     * HW_PARAMS (PcmMmap).
     */
    public void offerMmap() {
        usableWithCard(mmap::offer);
    }

    /** snd_pcm_mmap_data(): the buffer to map for {@code length} bytes at {@code offset} (PcmMmap#data). */
    public PcmDmaBuffer mmapData(long offset, long length, boolean read, boolean write) {
        return usable(() -> mmap.data(offset, length, read, write));
    }

    /** snd_pcm_mmap_status(): the status page to map read-only (PcmMmap#status). */
    public PcmDmaBuffer mmapStatus(long length, boolean read) {
        return usable(() -> mmap.status(length, read));
    }

    /** snd_pcm_mmap_control(): the control page to map (PcmMmap#control). */
    public PcmDmaBuffer mmapControl(long length, boolean read) {
        return usable(() -> mmap.control(length, read));
    }

    void addRef() {
        card.assertLocked();
        refs++;
    }

    /** One sharer closes: true while others still hold the substream (snd_pcm_release_substream's ref_count). */
    boolean dropRef() {
        card.assertLocked();
        if (refs > 1) {
            refs--;
            return true;
        }
        return false;
    }

    // ---- parameters (PcmParams) ----

    public HwParams hwRefine(HwParams in) {
        checkUsable();
        return card.locked(() -> params.refine(in));
    }

    public HwParams hwParams(HwParams in) {
        return usableWithCard(() -> params.hwParams(in));
    }

    public void hwFree() {
        usableWithCard(() -> params.hwFree());
    }

    public SwParams swParams(SwParams p) {
        return usable(() -> params.swParams(p));
    }

    public ChannelInfo channelInfo(int channel) {
        return usable(() -> params.channelInfo(channel));
    }

    // ---- pointers and status (PcmSync) ----

    /** STATUS ({@code request} null) or STATUS_EXT (its audio_tstamp_data selects the audio timestamp type). */
    public PcmStatus status(PcmStatus request) {
        return usable(() -> sync.status(request == null ? 0 : request.audioTstampData()));
    }

    /** The status for /proc (cable lock held; no usability check). */
    PcmStatus statusLocked() {
        cable.assertLocked();
        return sync.status(0);
    }

    public long delay() {
        return usable(() -> sync.delay());
    }

    public void hwsync() {
        usable(() -> sync.hwsync());
    }

    public SyncPtr syncPtr(SyncPtr in) {
        return usable(() -> sync.syncPtr(in));
    }

    /** The status page's content. */
    public MmapStatus mmapStatus() {
        return cable.locked(() -> sync.mmapStatus());
    }

    public long rewind(long frames) {
        return usable(() -> sync.rewind(frames));
    }

    public long forward(long frames) {
        return usable(() -> sync.forward(frames));
    }

    // ---- state changes (PcmNative; PcmGroup when linked) ----

    public void prepare() {
        PcmGroup.action(this, true, () -> nat.prepare(), ms -> PcmGroup.prepare(this, ms));
    }

    public void reset() {
        PcmGroup.action(this, false, () -> nat.reset(), PcmGroup::reset);
    }

    public void start() {
        PcmGroup.action(this, false, () -> nat.startLocked(), PcmGroup::start);
    }

    public void drop() {
        PcmGroup.action(this, false, () -> nat.drop(), ms -> PcmGroup.drop(this, ms));
    }

    public void xrun() {
        PcmGroup.action(this, false, () -> nat.xrun(), ms -> PcmGroup.xrun(this, ms));
    }

    public void drain(boolean nonblock, BooleanSupplier interrupted) {
        PcmGroup.drain(this, nonblock, interrupted);
    }

    public void pause(boolean push) {
        PcmGroup.action(this, false, () -> nat.pause(push), ms -> PcmGroup.pause(ms, push));
    }

    public void resume() {
        PcmGroup.action(this, false, () -> nat.resume(), PcmGroup::resume);
    }

    // ---- linked streams (PcmGroup) ----

    /** LINK (snd_pcm_link): {@code other} joins this stream's group; see {@link PcmGroup#link}. */
    public void link(PcmSubstream other) {
        PcmGroup.link(this, other);
    }

    /** UNLINK (snd_pcm_unlink): EALREADY when not linked. */
    public void unlink() {
        PcmGroup.unlink(this);
    }

    /** Whether this stream is linked to another. */
    public boolean linked() {
        return cable.locked(() -> PcmGroup.linked(this));
    }

    // ---- data transfer (PcmLib) ----

    /**
     * snd_pcm_lib_write / snd_pcm_lib_read: {@code frames} (unsigned) interleaved frames between {@code buf}
     * (null: silence for playback, EINVAL for capture) and the ring, in this substream's direction (WRITEI_FRAMES and READI_FRAMES alike, as
     * snd_pcm_xferi_frames_ioctl). Returns the frames moved.
     */
    public long transfer(PcmUserBuffer buf, long frames, boolean nonblock, BooleanSupplier interrupted) {
        return usable(() -> lib.transfer(frames, true, new PcmUserBuffer[] {buf}, nonblock, interrupted));
    }

    /**
     * snd_pcm_lib_writev / snd_pcm_lib_readv: one buffer per channel (a null entry plays silence or drops the
     * channel), in this substream's direction (WRITEN/READN_FRAMES, as snd_pcm_xfern_frames_ioctl).
     */
    public long transferNonInterleaved(PcmUserBuffer[] bufs, long frames, boolean nonblock,
                                       BooleanSupplier interrupted) {
        return usable(() -> lib.transfer(frames, false, bufs.clone(), nonblock, interrupted));
    }

    /** write(): interleaved whole frames only (EINVAL otherwise, or on a capture node); returns the bytes taken. */
    public int write(byte[] data, boolean nonblock, BooleanSupplier interrupted) {
        int fb = requireBytesPerFrame(PcmStream.PLAYBACK);
        if (data.length % fb != 0) {
            throw new SndException(Errno.EINVAL, "write of a partial frame");
        }
        return (int) (transfer(PcmUserBuffer.of(data), data.length / fb, nonblock, interrupted) * fb);
    }

    /** read(): up to {@code bytes} (whole frames only, EINVAL otherwise, or on a playback node). */
    public byte[] read(int bytes, boolean nonblock, BooleanSupplier interrupted) {
        int fb = requireBytesPerFrame(PcmStream.CAPTURE);
        if (bytes % fb != 0) {
            throw new SndException(Errno.EINVAL, "read of a partial frame");
        }
        byte[] out = new byte[bytes];
        long n = transfer(PcmUserBuffer.of(out), bytes / fb, nonblock, interrupted);
        return n * fb == bytes ? out : Arrays.copyOf(out, (int) (n * fb));
    }

    /** Non-interleaved playback from arrays: one per channel, equal lengths; returns the frames written. */
    public long writeFramesNonInterleaved(byte[][] channels, boolean nonblock, BooleanSupplier interrupted) {
        int sb = requireBytesPerSample(PcmStream.PLAYBACK);
        long frames = channels.length == 0 ? 0 : channels[0].length / sb;
        return transferNonInterleaved(Arrays.stream(channels).map(PcmUserBuffer::of).toArray(PcmUserBuffer[]::new),
                frames, nonblock, interrupted);
    }

    /** Non-interleaved capture into arrays: up to {@code frames} frames, one array per channel. */
    public byte[][] readFramesNonInterleaved(long frames, boolean nonblock, BooleanSupplier interrupted) {
        int sb = requireBytesPerSample(PcmStream.CAPTURE);
        if (frames < 0 || frames * sb > Integer.MAX_VALUE) {
            throw new SndException(Errno.EINVAL, "frame count " + frames);
        }
        int ch = snapshot().channels();
        byte[][] out = new byte[ch][(int) (frames * sb)];
        long n = transferNonInterleaved(Arrays.stream(out).map(PcmUserBuffer::of).toArray(PcmUserBuffer[]::new),
                frames, nonblock, interrupted);
        if (n != frames) {
            for (int c = 0; c < ch; c++) {
                out[c] = Arrays.copyOf(out[c], (int) (n * sb));
            }
        }
        return out;
    }

    /**
     * A blocking WRITEI/READI_FRAMES that waits without a thread ({@link PcmXfer}): the same transfer as
     * {@link #transfer}, stepped by the caller.
     */
    public PcmXfer transferParked(PcmUserBuffer buf, long frames) {
        return new PcmXfer(this, true, new PcmUserBuffer[] {buf}, frames, 0);
    }

    /** A blocking WRITEN/READN_FRAMES that waits without a thread, as {@link #transferNonInterleaved}. */
    public PcmXfer transferNonInterleavedParked(PcmUserBuffer[] bufs, long frames) {
        return new PcmXfer(this, false, bufs.clone(), frames, 0);
    }

    /**
     * A blocking write() (playback) or read() (capture, into {@code data}) of whole frames that waits without a
     * thread: EINVAL for a partial frame or the wrong node, EBADFD before HW_PARAMS, as {@link #write}/{@link #read}.
     */
    public PcmXfer readWriteParked(byte[] data, int direction) {
        int fb = requireBytesPerFrame(direction);
        if (data.length % fb != 0) {
            throw new SndException(Errno.EINVAL, "transfer of a partial frame");
        }
        return new PcmXfer(this, true, new PcmUserBuffer[] {PcmUserBuffer.of(data)}, data.length / fb, fb);
    }

    /** A blocking DRAIN that waits without a thread: starts the drain now ({@link PcmDrainWait}). */
    public PcmDrainWait drainParked() {
        return PcmDrainWait.start(this);
    }

    /** The frame size for read()/write() in {@code direction}: EINVAL for the wrong node, EBADFD in OPEN. */
    private int requireBytesPerFrame(int direction) {
        return usable(() -> {
            if (stream != direction) {
                throw new SndException(Errno.EINVAL, "wrong direction for this substream");
            }
            if (rt.state == PcmState.OPEN || rt.state == PcmState.DISCONNECTED) {
                throw new SndException(Errno.EBADFD, "no parameters set");
            }
            return rt.frameBytes();
        });
    }

    private int requireBytesPerSample(int direction) {
        requireBytesPerFrame(direction);
        return cable.locked(() -> rt.sampleBits / 8);
    }

    // ---- poll, close, disconnect ----

    /**
     * poll(): POLLOUT|POLLWRNORM (playback) or POLLIN|POLLRDNORM (capture) once avail ≥ avail_min (see
     * {@link PcmLib}). When nothing is ready and {@code waiter} is given, it runs once at the next wake-up
     * (replacing an earlier waiter, which then runs at once) — the contract of PollWaiter.
     */
    public int poll(Runnable waiter) {
        record Polled(int mask, Runnable due) {}
        Polled p = cable.locked(() -> {
            int mask = lib.poll(released || disconnected);
            return new Polled(mask, lib.registerPoll(mask, waiter));
        });
        PollWaiter.run(p.due());
        return p.mask();
    }

    /**
     * The descriptor's release: drops the stream, frees its parameters and the substream; the cable goes when
     * both ends are closed. Works in any state and is idempotent.
     */
    public void close() {
        card.release(this);
    }

    /** snd_pcm_release_substream(): called by the card with the card and cable locks held. */
    void releaseLocked() {
        card.assertLocked();
        cable.assertLocked();
        if (released) {
            return;
        }
        nat.stopForRelease();
        cable.hwFree(this);
        cable.timing.stopSync(dpcm);
        released = true;
        rt.freeBuffer();
        rt.freePages();
        lib.wake();
        cable.defer(rt.fasync::close);
        card.emit(cable, o -> o.closed(this));
    }

    /**
     * The card goes away (daemon shutdown): a running stream stops, the state becomes DISCONNECTED, blocked calls
     * end with ENODEV and every later call fails with ENODEV; close still works.
     */
    public void disconnect() {
        cable.locked(() -> {
            if (disconnected || released) {
                return;
            }
            disconnected = true;
            nat.disconnect();
        });
    }

    void checkUsable() {
        if (released) {
            throw new SndException(Errno.EBADF, "substream closed");
        }
        if (disconnected) {
            throw new SndException(Errno.ENODEV, "card disconnected");
        }
    }

    @Override
    public String toString() {
        return "pcmC" + LoopbackCard.CARD_INDEX + "D" + device + (stream == PcmStream.PLAYBACK ? "p" : "c") + "/sub"
                + number;
    }
}
