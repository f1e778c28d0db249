package org.sndfuse.aloop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.sndfuse.concurrent.DeferringLock;
import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.sndfuse.abi.control.CtlCardInfo;
import org.sndfuse.concurrent.ReadyCallbacks;
import org.sndfuse.concurrent.WaitSlice;
import org.sndfuse.abi.pcm.PcmAccess;
import org.sndfuse.abi.pcm.PcmInfo;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.clock.Clock;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.timer.Timer;
import org.sndfuse.timer.TimerCore;

/**
 * The snd-aloop sound card, card 0 (aloop.c: loopback_probe, loopback_open/close; docs/kernel-facts.md
 * "ALOOP"): two PCM devices with N playback and N capture substreams each, the cables that join them, the
 * per-subdevice controls, the open control files ({@link ControlFiles}) and the {@code timer_source} setting.
 *
 * <p>Lock: {@link #lock} (the kernel's cable_lock mutex) guards the cable table, which substreams are open,
 * the timer source, each cable's hardware description and the {@code disconnected} flag. It comes before any
 * cable lock. Observer calls and poll wake-ups are queued while locks are held and run once the thread holds
 * none.
 */
public final class LoopbackCard {
    public static final int CARD_INDEX = 0;
    public static final int DEVICES = 2;
    public static final int MAX_SUBSTREAMS = 8;
    public static final String ID = "Loopback";
    public static final String DRIVER = "Loopback";
    public static final String SHORTNAME = "Loopback";
    public static final String LONGNAME = "Loopback 1";
    public static final String MIXERNAME = "Loopback Mixer";
    public static final String PCM_ID = "Loopback PCM";
    public static final String PCM_NAME = "Loopback PCM";

    private final DeferringLock lock = new DeferringLock(this::runAll);
    /** Signalled when a substream is released (or the card goes away): blocked opens try again. */
    private final Condition substreamFreed = lock.newCondition();
    /** Opens parked without a thread (openParked): run once at the next release or disconnect. */
    private final ReadyCallbacks openWaiters = new ReadyCallbacks();
    private final TimerCore core;
    private final Clock clock;
    private final int substreams;
    private final Consumer<String> log;
    private final List<LoopbackObserver> observers = new CopyOnWriteArrayList<>();
    private final ControlFiles controlFiles = new ControlFiles(this);
    private final LoopbackCable[][] cables = new LoopbackCable[MAX_SUBSTREAMS][2];
    private final PcmSubstream[][][] open = new PcmSubstream[DEVICES][2][MAX_SUBSTREAMS];
    private final LoopbackSetup[][] setup = new LoopbackSetup[MAX_SUBSTREAMS][DEVICES];
    private final long realtimeOffsetNanos;
    private final int hz;
    private String timerSource;
    private volatile boolean mmap = true;
    private volatile PcmDmaAllocator mmapAllocator = PcmDmaAllocator.HEAP;
    private boolean disconnected;

    /** A card whose log lines go to standard error. */
    public LoopbackCard(TimerCore core, Clock clock, int substreams, String timerSource) {
        this(core, clock, substreams, timerSource, line -> System.err.println("snd_aloop: " + line));
    }

    /**
     * @param substreams the pcm_substreams module parameter, clamped to 1..8
     * @param timerSource the timer_source module parameter; null or empty for the system-clock mode
     * @param log receives the driver's kernel-log lines (without any device prefix)
     */
    public LoopbackCard(TimerCore core, Clock clock, int substreams, String timerSource, Consumer<String> log) {
        this.core = core;
        this.clock = clock;
        this.substreams = Math.max(1, Math.min(MAX_SUBSTREAMS, substreams));
        this.log = log;
        this.timerSource = timerSource == null || timerSource.isEmpty() ? null : timerSource;
        for (int s = 0; s < MAX_SUBSTREAMS; s++) {
            for (int d = 0; d < DEVICES; d++) {
                setup[s][d] = new LoopbackSetup(false);
            }
        }
        this.realtimeOffsetNanos = System.currentTimeMillis() * 1_000_000L - clock.nanos();
        Timer system = core.find(TimerId.global(TimerId.GLOBAL_SYSTEM, 0));
        this.hz = system == null || system.resolution() <= 0 ? 250
                : (int) Math.round(1e9 / system.resolution());
    }

    // ---- identity ----

    public int index() {
        return CARD_INDEX;
    }

    public String id() {
        return ID;
    }

    public int substreams() {
        return substreams;
    }

    public Clock clock() {
        return clock;
    }

    TimerCore timerCore() {
        return core;
    }

    /** The kernel tick rate the system timer advertises (for the jiffies shown in /proc). */
    int hz() {
        return hz;
    }

    long realtimeOffsetNanos() {
        return realtimeOffsetNanos;
    }

    /** A clock reading expressed as 64-bit jiffies, counted from the kernel's INITIAL_JIFFIES at boot. */
    long jiffies(long nanos) {
        long initial = 4294967296L - 300L * hz;
        return initial + nanos / (1_000_000_000L / hz);
    }

    /** Card index for a card id in a timer source ("Loopback" is card 0), or -1. */
    int cardIndexById(String cardId) {
        return ID.equals(cardId) ? CARD_INDEX : -1;
    }

    /** CARD_INFO on the control node. */
    public CtlCardInfo cardInfo() {
        return new CtlCardInfo(CARD_INDEX, ID, DRIVER, SHORTNAME, LONGNAME, MIXERNAME, "");
    }

    /** PCM_NEXT_DEVICE: the next PCM device after {@code device} (-1 = from the start), or -1. */
    public int nextPcmDevice(int device) {
        int next = device < 0 ? 0 : device + 1;
        return next < DEVICES ? next : -1;
    }

    /**
     * PCM_INFO on the control node (and INFO on a PCM node): EINVAL for a bad stream, ENXIO for a missing device
     * or subdevice. subdevices_avail counts the substreams not open now.
     */
    public PcmInfo pcmInfo(int device, int stream, int subdevice) {
        if (stream != PcmStream.PLAYBACK && stream != PcmStream.CAPTURE) {
            throw new SndException(Errno.EINVAL, "stream " + stream);
        }
        if (device < 0 || device >= DEVICES) {
            throw new SndException(Errno.ENXIO, "no PCM device " + device);
        }
        if (subdevice < 0 || subdevice >= substreams) {
            throw new SndException(Errno.ENXIO, "no subdevice " + Integer.toUnsignedString(subdevice));
        }
        int busy = locked(() -> {
            int n = 0;
            for (int s = 0; s < substreams; s++) {
                if (open[device][stream][s] != null) {
                    n++;
                }
            }
            return n;
        });
        return new PcmInfo(device, subdevice, stream, CARD_INDEX, PCM_ID, PCM_NAME, "subdevice #" + subdevice,
                PcmInfo.CLASS_GENERIC, PcmInfo.SUBCLASS_GENERIC_MIX, substreams, substreams - busy, null);
    }

    // ---- settings ----

    /** The timer_source setting: empty when the system clock drives the cables. */
    public String timerSource() {
        return locked(() -> timerSource == null ? "" : timerSource);
    }

    /** Changes timer_source for cables created from now on (existing cables keep their mode, as the kernel). */
    public void setTimerSource(String source) {
        locked(() -> {
            timerSource = source == null || source.isEmpty() ? null : source;
        });
    }

    /**
     * Whether the transport can mmap a substream's data buffer. When false, substreams opened afterwards offer
     * only the RW access modes and report no MMAP info bits. Default true, as the kernel.
     */
    public void setMmapSupported(boolean supported) {
        mmap = supported;
    }

    public boolean mmapSupported() {
        return mmap;
    }

    /**
     * Where the rings of descriptors that can map their buffer come from (PcmSubstream#offerMmap): memory the
     * transport shares with its clients (docs/mmap.md). Heap by default.
     */
    public void setMmapAllocator(PcmDmaAllocator allocator) {
        mmapAllocator = allocator;
    }

    PcmDmaAllocator mmapAllocator() {
        return mmapAllocator;
    }

    /** Opens the card's control device for process {@code pid} (snd_ctl_open); ENODEV once disconnected. */
    public ControlFile openControl(int pid) {
        return controlFiles.open(pid);
    }

    /** The subdevice {@code pid} asked for on one of its control files (snd_ctl_get_preferred_subdevice), or -1. */
    public int preferredSubdevice(int pid) {
        return controlFiles.preferredSubdevice(pid);
    }

    public void addObserver(LoopbackObserver o) {
        observers.add(o);
    }

    public void removeObserver(LoopbackObserver o) {
        observers.remove(o);
    }

    // ---- open / close ----

    /**
     * Opens a substream of {@code device} (0 or 1) and {@code stream}: the preferred subdevice, or the lowest free
     * one for -1. ENODEV for a device that does not exist (or after {@link #disconnect()}), EINVAL for a bad
     * stream, EBUSY when the wanted substream is taken, and in timer mode whatever opening the cable's timer fails
     * with (ENODEV for a missing timer, docs/kernel-facts.md A1). Never waits.
     */
    public PcmSubstream open(int device, int stream, int preferredSubdevice, int pid, String ownerForProc) {
        return locked(() -> openLocked(device, stream, preferredSubdevice, pid, ownerForProc));
    }

    /**
     * snd_pcm_open(): as {@link #open}, but a busy device makes the open wait until a substream is released
     * (re-reading {@code preferred}, the PREFER_SUBDEVICE of the caller, each time), unless {@code nonblock}
     * (then EBUSY). The wait re-checks {@code interrupted} every WaitSlice (EINTR) and ends with ENODEV when
     * the card is disconnected.
     */
    public PcmSubstream open(int device, int stream, IntSupplier preferred, int pid, String ownerForProc,
                             boolean nonblock, BooleanSupplier interrupted) {
        return locked(() -> {
            while (true) {
                try {
                    return openLocked(device, stream, preferred.getAsInt(), pid, ownerForProc);
                } catch (SndException e) {
                    if (e.errno() != Errno.EBUSY || nonblock) {
                        throw e;
                    }
                }
                if (interrupted.getAsBoolean()) {
                    throw new SndException(Errno.EINTR, "interrupted while waiting for a free substream");
                }
                try {
                    substreamFreed.awaitNanos(WaitSlice.NANOS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new SndException(Errno.EINTR, "interrupted");
                }
            }
        });
    }

    /**
     * snd_pcm_open()'s wait without a thread (docs/fuse-transport.md, "The low-level transport"): opens as
     * {@link #open(int, int, int, int, String)}, or, when the device is busy, registers {@code retry} to run once
     * at the next release or disconnect (no lock held) and returns null.
     */
    public PcmSubstream openParked(int device, int stream, int preferredSubdevice, int pid, String ownerForProc,
                                   Runnable retry) {
        return locked(() -> {
            try {
                return openLocked(device, stream, preferredSubdevice, pid, ownerForProc);
            } catch (SndException e) {
                if (e.errno() != Errno.EBUSY) {
                    throw e;
                }
            }
            openWaiters.add(retry);
            return null;
        });
    }

    /** A parked open gave up (interrupt, shutdown): its retry is dropped. */
    public void unparkOpen(Runnable retry) {
        locked(() -> openWaiters.remove(retry));
    }

    /**
     * An open with O_APPEND (snd_pcm_attach_substream): shares the open substream {@code preferredSubdevice}
     * (with -1, the only one: EINVAL when there are several), as dmix's other clients do; EBADFD when it is not
     * open. The substream is released when its last sharer closes.
     */
    public PcmSubstream attach(int device, int stream, int preferredSubdevice) {
        return locked(() -> {
            checkOpenable(device, stream);
            if (preferredSubdevice < 0 && substreams > 1) {
                throw new SndException(Errno.EINVAL, "O_APPEND needs a preferred subdevice");
            }
            int sub = Math.max(preferredSubdevice, 0);
            if (sub >= substreams) {
                throw new SndException(Errno.ENODEV, "no substream " + sub);
            }
            PcmSubstream s = open[device][stream][sub];
            if (s == null) {
                throw new SndException(Errno.EBADFD, "substream " + sub + " is not open");
            }
            s.addRef();
            return s;
        });
    }

    private void checkOpenable(int device, int stream) {
        if (disconnected) {
            throw new SndException(Errno.ENODEV, "card disconnected");
        }
        if (device < 0 || device >= DEVICES) {
            throw new SndException(Errno.ENODEV, "no PCM device " + device);
        }
        if (stream != PcmStream.PLAYBACK && stream != PcmStream.CAPTURE) {
            throw new SndException(Errno.EINVAL, "stream " + stream);
        }
    }

    private PcmSubstream openLocked(int device, int stream, int preferredSubdevice, int pid, String ownerForProc) {
        assertLocked();
        checkOpenable(device, stream);
        int sub = -1;
        for (int s = 0; s < substreams; s++) {
            if (open[device][stream][s] == null && (preferredSubdevice == -1 || preferredSubdevice == s)) {
                sub = s;
                break;
            }
        }
        if (sub < 0) {
            throw new SndException(Errno.EBUSY, "no free substream");
        }
        int cableIndex = device == 0 ? stream : 1 - stream;
        LoopbackCable cable = cables[sub][cableIndex];
        if (cable == null) {
            cable = new LoopbackCable(this, cableIndex, sub, timerSource);
            cables[sub][cableIndex] = cable;
        }
        try {
            cable.timing.open(stream);
        } catch (SndException e) {
            if (cable.isEmpty()) {
                cables[sub][cableIndex] = null;
            }
            throw e;
        }
        // With notify on, an opening end gets the full hardware rather than the narrowed one.
        PcmHardware hw = setup(cable.setupDevice(), sub).notifyEnabled() ? PcmHardware.loopback() : cable.hw.copy();
        PcmSubstream s = new PcmSubstream(this, cable, device, stream, sub, pid, ownerForProc,
                cable.openConstraints(hw, mmap), hw.fifoSize);
        LoopbackCable c = cable;
        cable.locked(() -> {
            c.streams[stream] = s.dpcm();
            emit(c, o -> o.opened(s));
        });
        open[device][stream][sub] = s;
        return s;
    }

    /** The release of a substream; the cable is freed (and its timer closed) once both ends are gone. */
    void release(PcmSubstream s) {
        locked(() -> {
            if (s.dropRef()) {
                return; // another O_APPEND sharer still has it open
            }
            PcmGroup.release(s);
            LoopbackCable cable = s.cable();
            boolean done = cable.locked(() -> {
                if (s.isReleased()) {
                    return false;
                }
                s.releaseLocked();
                if (cable.streams[s.stream()] == s.dpcm()) {
                    cable.streams[s.stream()] = null;
                }
                return true;
            });
            if (!done) {
                return;
            }
            if (open[s.device()][s.stream()][s.subdevice()] == s) {
                open[s.device()][s.stream()][s.subdevice()] = null;
            }
            if (cable.isEmpty() && cables[cable.subdevice][cable.index] == cable) {
                cable.timing.closeCable();
                cables[cable.subdevice][cable.index] = null;
            }
            substreamFreed.signalAll();
            lock.defer(openWaiters.take());
        });
    }

    /** Daemon shutdown: every open substream is disconnected (ENODEV from then on) and opens fail. */
    public void disconnect() {
        List<PcmSubstream> all;
        all = locked(() -> {
            disconnected = true;
            substreamFreed.signalAll(); // waiting opens end with ENODEV
            lock.defer(openWaiters.take());
            return openSubstreamsLocked();
        });
        for (PcmSubstream s : all) {
            s.disconnect();
        }
        controlFiles.disconnect();
    }

    /** The substream open on (device, stream, subdevice), or null. */
    public PcmSubstream substream(int device, int stream, int subdevice) {
        return locked(() -> open[device][stream][subdevice]);
    }

    public List<PcmSubstream> openSubstreams() {
        return locked(this::openSubstreamsLocked);
    }

    private List<PcmSubstream> openSubstreamsLocked() {
        assertLocked();
        List<PcmSubstream> all = new ArrayList<>();
        for (PcmSubstream[][] byStream : open) {
            for (PcmSubstream[] bySub : byStream) {
                for (PcmSubstream s : bySub) {
                    if (s != null) {
                        all.add(s);
                    }
                }
            }
        }
        return all;
    }

    /** The cable (index 0 or 1) of a subdevice, or null when neither end is open (card lock held). */
    LoopbackCable cableLocked(int index, int subdevice) {
        assertLocked();
        return cables[subdevice][index];
    }

    // ---- controls ----

    LoopbackSetup setup(int device, int subdevice) {
        return setup[subdevice][device];
    }

    private void checkControl(int device, int subdevice) {
        if (device < 0 || device >= DEVICES || subdevice < 0 || subdevice >= substreams) {
            throw new SndException(Errno.ENOENT, "no control on device " + device + " subdevice " + subdevice);
        }
    }

    /** A control's current value (booleans 0/1, the access mode as its item index). ENOENT for no such control. */
    public long controlValue(LoopbackControl c, int device, int subdevice) {
        checkControl(device, subdevice);
        LoopbackSetup st = setup(device, subdevice);
        switch (c) {
            case RATE_SHIFT:
                return st.rateShift();
            case NOTIFY:
                return st.notifyEnabled() ? 1 : 0;
            case SLAVE_ACTIVE:
                return slaveActive(device, subdevice) ? 1 : 0;
            case SLAVE_FORMAT:
                return st.format();
            case SLAVE_RATE:
                return st.rate();
            case SLAVE_CHANNELS:
                return st.channels();
            case SLAVE_ACCESS:
                return PcmAccess.isInterleaved(st.access()) ? 0 : 1;
            default:
                throw new IllegalArgumentException(c.name());
        }
    }

    /**
     * Writes a control: EPERM for the read-only ones. The rate shift is clamped to 80000..120000 and notify
     * taken as a boolean. Returns whether the value changed (observers hear of it).
     */
    public boolean setControlValue(LoopbackControl c, int device, int subdevice, long value) {
        checkControl(device, subdevice);
        if (!c.writable()) {
            throw new SndException(Errno.EPERM, c.controlName() + " is read-only");
        }
        LoopbackSetup st = setup(device, subdevice);
        boolean changed = c == LoopbackControl.RATE_SHIFT ? st.setRateShift(value) : st.setNotify(value != 0);
        if (changed) {
            runDeferred(List.of(() -> controlChanged(device, subdevice, c)));
        }
        return changed;
    }

    public int rateShift(int device, int subdevice) {
        return (int) controlValue(LoopbackControl.RATE_SHIFT, device, subdevice);
    }

    public boolean setRateShift(int device, int subdevice, long value) {
        return setControlValue(LoopbackControl.RATE_SHIFT, device, subdevice, value);
    }

    public boolean notify(int device, int subdevice) {
        return controlValue(LoopbackControl.NOTIFY, device, subdevice) != 0;
    }

    public boolean setNotify(int device, int subdevice, boolean on) {
        return setControlValue(LoopbackControl.NOTIFY, device, subdevice, on ? 1 : 0);
    }

    /** "PCM Slave Active": the playback feeding the capture on {@code device} runs and is not paused. */
    public boolean slaveActive(int device, int subdevice) {
        checkControl(device, subdevice);
        return locked(() -> {
            LoopbackCable cable = cables[subdevice][device ^ 1];
            return cable != null
                    && cable.locked(() -> ((cable.running ^ cable.pause) & (1 << PcmStream.PLAYBACK)) != 0);
        });
    }

    public int slaveFormat(int device, int subdevice) {
        return (int) controlValue(LoopbackControl.SLAVE_FORMAT, device, subdevice);
    }

    public int slaveRate(int device, int subdevice) {
        return (int) controlValue(LoopbackControl.SLAVE_RATE, device, subdevice);
    }

    public int slaveChannels(int device, int subdevice) {
        return (int) controlValue(LoopbackControl.SLAVE_CHANNELS, device, subdevice);
    }

    /** 0 interleaved, 1 non-interleaved. */
    public int slaveAccessMode(int device, int subdevice) {
        return (int) controlValue(LoopbackControl.SLAVE_ACCESS, device, subdevice);
    }

    // ---- locking, deferred work, observers, log ----

    /** Runs {@code body} under the card lock (the kernel's cable_lock mutex); it comes before any cable lock. */
    <T> T locked(Supplier<T> body) {
        return lock.locked(body);
    }

    void locked(Runnable body) {
        lock.locked(body);
    }

    void assertLocked() {
        assert lock.isHeldByCurrentThread() : "card lock not held";
    }

    /** Runs queued actions now, or after the card lock if this thread holds it. */
    void runDeferred(List<Runnable> actions) {
        actions.forEach(lock::defer);
    }

    private void runAll(List<Runnable> actions) {
        for (Runnable r : actions) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log("observer failed: " + e);
            }
        }
    }

    /** Queues an observer event on the cable (whose lock the caller holds). */
    void emit(LoopbackCable cable, Consumer<LoopbackObserver> event) {
        if (observers.isEmpty()) {
            return;
        }
        cable.defer(() -> {
            for (LoopbackObserver o : observers) {
                event.accept(o);
            }
        });
    }

    void emitControl(LoopbackCable cable, int device, int subdevice, LoopbackControl c) {
        cable.defer(() -> controlChanged(device, subdevice, c));
    }

    /** A control's value changed (snd_ctl_notify): the control files' queues, then the observers; no lock held. */
    private void controlChanged(int device, int subdevice, LoopbackControl c) {
        controlFiles.valueChanged(device, subdevice, c);
        observers.forEach(o -> o.controlChanged(device, subdevice, c));
    }

    void emitPeriod(LoopbackCable cable, PcmSubstream s, long bytes, long hwPtr) {
        emit(cable, o -> o.periodElapsed(s, bytes, hwPtr));
    }

    void log(String line) {
        log.accept(line);
    }
}
