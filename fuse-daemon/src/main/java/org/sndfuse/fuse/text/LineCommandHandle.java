package org.sndfuse.fuse.text;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.Handle;

/**
 * A text control file, one session per open: written bytes are split into lines (partial lines wait for their
 * newline, lines over {@link #MAX_LINE} bytes are refused), each line runs as a command, and what commands
 * answer is queued for reads. A failing command queues {@code error ENAME: reason} and the write fails with
 * that errno; the session stays usable. Reads hand out bytes in order, even one at a time (bash's read).
 *
 * <p>Lock: {@link #lock} guards the buffers; {@link #readable} wakes blocked readers.
 */
public abstract class LineCommandHandle implements Handle {
    public static final int MAX_LINE = 4096;
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    protected final ReentrantLock lock = new ReentrantLock();
    protected final Condition readable = lock.newCondition();
    private final ByteArrayOutputStream pendingLine = new ByteArrayOutputStream();
    private boolean discardingLongLine;
    private byte[] out = new byte[0];
    private int outPos;
    private boolean disconnected;
    private Runnable pollWaiter;

    /** Runs one command line (without its newline); returns the answer lines to queue (may be empty). */
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
        lock.lock();
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
        } finally {
            lock.unlock();
        }
        emit(answers.toString());
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
                    readable.awaitNanos(SLICE_NANOS);
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
            w = pollWaiter;
            pollWaiter = null;
        } finally {
            lock.unlock();
        }
        if (w != null) {
            w.run();
        }
    }

    @Override
    public int poll(Runnable waiter) {
        int mask = POLLOUT | POLLWRNORM;
        boolean ready;
        lock.lock();
        try {
            if (outPos == out.length) {
                refill();
            }
            ready = outPos < out.length || !blocksWhenEmpty() || disconnected;
            if (ready) {
                mask |= POLLIN | POLLRDNORM;
            } else if (waiter != null) {
                Runnable replaced = pollWaiter;
                pollWaiter = waiter;
                watchSource(this::wakeReaders);
                waiter = replaced; // an older kernel poll handle is answered (spuriously) and freed
            }
        } finally {
            lock.unlock();
        }
        if (waiter != null) {
            waiter.run();
        }
        return mask;
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
