package org.sndfuse.fuse.text;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.sndfuse.concurrent.PollWaiter;
import org.sndfuse.concurrent.WaitSlice;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.Handle;
import org.sndfuse.fuse.handle.ReadReadiness;

/**
 * A text control file, one session per open: written bytes are split into lines (partial lines wait for their
 * newline, lines over {@link #MAX_LINE} bytes are refused), each line runs as a command, and what commands
 * answer is queued for reads. A failing command queues {@code error ENAME: reason} and the write fails with
 * that errno; the session stays usable. Reads hand out bytes in order, even one at a time (bash's read).
 *
 * <p>Locks. {@link #commands} serializes a session's writes: it guards the partial line and whatever state the
 * commands keep, and {@link #execute} runs with only it held (a command may call into the timer core, whose
 * callbacks wake other sessions). It is the outermost lock: nothing holds another lock when taking it.
 * {@link #lock} guards the output buffer and the poll waiter; {@link #readable} wakes blocked readers.
 * {@link #refill()} and {@link #watchSource} run with {@link #lock} held, so a source's own lock is taken after
 * it; poll waiters and reader wake-ups run after it is released.
 */
public abstract class LineCommandHandle implements Handle, ReadReadiness {
    public static final int MAX_LINE = 4096;

    private final ReentrantLock commands = new ReentrantLock();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    /** Guarded by {@link #commands}. */
    private final ByteArrayOutputStream pendingLine = new ByteArrayOutputStream();
    private boolean discardingLongLine;
    private byte[] out = new byte[0];
    private int outPos;
    private boolean disconnected;
    private final PollWaiter pollWaiter = new PollWaiter();
    /** A read parked by the low-level transport: one-shot, run at the next output or disconnect. */
    private final PollWaiter readWaiter = new PollWaiter();

    /**
     * Runs one command line (without its newline) with the session's command lock held; returns the answer lines
     * to queue (may be empty).
     */
    protected abstract String execute(String line, Caller caller);

    /** Whether a read with nothing queued blocks (an event stream) or returns end-of-file (a request/answer file). */
    protected boolean blocksWhenEmpty() {
        return false;
    }

    /** Called with the lock held when the output is empty, to move newly available events into it. */
    protected void refill() {
    }

    /** Registers {@code wake} to run once when the event source gets something; with the lock held. */
    protected void watchSource(Runnable wake) {
    }

    /** Queues text for readers; call with or without the lock. */
    protected final void emit(String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            byte[] add = text.getBytes(StandardCharsets.UTF_8);
            byte[] rest = Arrays.copyOfRange(out, outPos, out.length);
            out = Arrays.copyOf(rest, rest.length + add.length);
            System.arraycopy(add, 0, out, rest.length, add.length);
            outPos = 0;
        } finally {
            lock.unlock();
        }
        wakeReaders();
    }

    @Override
    public int write(long offset, byte[] data, Caller caller) {
        SndException firstError = null;
        StringBuilder answers = new StringBuilder();
        commands.lock();
        try {
            for (byte b : data) {
                if (b != '\n') {
                    if (!discardingLongLine) {
                        if (pendingLine.size() >= MAX_LINE) {
                            discardingLongLine = true;
                            pendingLine.reset();
                        } else {
                            pendingLine.write(b);
                        }
                    }
                    continue;
                }
                if (discardingLongLine) {
                    discardingLongLine = false;
                    SndException e = new SndException(Errno.EINVAL, "line longer than " + MAX_LINE + " bytes");
                    answers.append(errorLine(e));
                    firstError = firstError == null ? e : firstError;
                    continue;
                }
                String line = pendingLine.toString(StandardCharsets.UTF_8).strip();
                pendingLine.reset();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                try {
                    String answer = execute(line, caller);
                    if (answer != null) {
                        answers.append(answer);
                    }
                } catch (SndException e) {
                    answers.append(errorLine(e));
                    firstError = firstError == null ? e : firstError;
                } catch (RuntimeException e) {
                    SndException se = new SndException(Errno.EINVAL, String.valueOf(e.getMessage()));
                    answers.append(errorLine(se));
                    firstError = firstError == null ? se : firstError;
                }
            }
            emit(answers.toString()); // still under the command lock: answers queue in command order
        } finally {
            commands.unlock();
        }
        if (firstError != null) {
            throw firstError;
        }
        return data.length;
    }

    private static String errorLine(SndException e) {
        return "error " + Errno.name(e.errno()) + ": " + e.reason().replace('\n', ' ') + "\n";
    }

    @Override
    public byte[] read(long offset, int size, Caller caller) {
        lock.lock();
        try {
            while (true) {
                if (outPos == out.length) {
                    refill();
                }
                if (outPos < out.length) {
                    int n = Math.min(size, out.length - outPos);
                    byte[] r = Arrays.copyOfRange(out, outPos, outPos + n);
                    outPos += n;
                    return r;
                }
                if (disconnected) {
                    throw new SndException(Errno.ENODEV, "daemon shutting down");
                }
                if (!blocksWhenEmpty()) {
                    return new byte[0];
                }
                if (caller.nonblocking()) {
                    throw new SndException(Errno.EAGAIN, "nothing to read");
                }
                if (caller.interrupted().getAsBoolean()) {
                    throw new SndException(Errno.EINTR, "interrupted");
                }
                watchSource(this::wakeReaders);
                try {
                    readable.awaitNanos(WaitSlice.NANOS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SndException(Errno.EINTR, "interrupted");
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void wakeReaders() {
        Runnable w;
        lock.lock();
        try {
            readable.signalAll();
            w = PollWaiter.both(readWaiter.take(), pollWaiter.take());
        } finally {
            lock.unlock();
        }
        PollWaiter.run(w);
    }

    /** Whether a read would not wait now (output queued, end-of-file, or disconnected); refills first. */
    private boolean readyLocked() {
        assert lock.isHeldByCurrentThread();
        if (outPos == out.length) {
            refill();
        }
        return outPos < out.length || !blocksWhenEmpty() || disconnected;
    }

    @Override
    public void onReadable(Runnable retry) {
        Runnable due;
        lock.lock();
        try {
            boolean ready = readyLocked();
            if (!ready) {
                // before the retry is registered: an older watch it replaces runs now and must not find it
                watchSource(this::wakeReaders);
                ready = readyLocked(); // what came before the watch was set up wakes nobody: look again
            }
            due = readWaiter.register(ready ? POLLIN : 0, retry);
        } finally {
            lock.unlock();
        }
        PollWaiter.run(due);
    }

    @Override
    public int poll(Runnable waiter) {
        int readMask;
        Runnable due;
        lock.lock();
        try {
            readMask = readyLocked() ? POLLIN | POLLRDNORM : 0;
            due = pollWaiter.register(readMask, waiter);
            if (readMask == 0 && waiter != null) {
                watchSource(this::wakeReaders);
            }
        } finally {
            lock.unlock();
        }
        PollWaiter.run(due); // the replaced older poll handle, or this one when already readable
        return POLLOUT | POLLWRNORM | readMask;
    }

    @Override
    public void disconnect() {
        lock.lock();
        try {
            disconnected = true;
        } finally {
            lock.unlock();
        }
        wakeReaders();
    }

    /** Refuses a command with fewer than {@code min} or more than {@code max} arguments (EINVAL). */
    protected static void args(String[] words, int min, int max) {
        int n = words.length - 1;
        if (n < min || n > max) {
            throw new SndException(Errno.EINVAL, words[0] + " takes " + (min == max ? "" + min : min + ".." + max)
                    + " argument" + (max == 1 ? "" : "s") + ", got " + n);
        }
    }

    /** A command word fit for a one-line message: control bytes and long garbage are cut. */
    protected static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 40; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }

    /** Parses a non-negative integer argument, with a one-line reason when it is not one. */
    protected static long number(String what, String s) {
        try {
            long v = Long.decode(s);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new SndException(Errno.EINVAL, what + " must be a non-negative integer, got '" + s + "'");
        }
    }
}
