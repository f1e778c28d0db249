package org.sndfuse.errno;

/**
 * A failure that the emulated device reports to its caller as an errno.
 * Thrown anywhere in the core; turned into a negative return value once, at the FUSE boundary.
 *
 * <p>An expected answer, not a bug: it carries no stack trace, and its message is built only when asked. A blocking
 * read tries first and parks on EAGAIN, so one is thrown per wait; filling in the stack of a FUSE callback cost
 * microseconds on every TRIGGER → read (BENCHMARKS.md, issue #9 targets).
 */
public class SndException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errno;
    private final String reason;

    public SndException(int errno, String reason) {
        super(null, null, false, false);
        this.errno = errno;
        this.reason = reason;
    }

    public SndException(int errno) {
        this(errno, Errno.name(errno));
    }

    public int errno() {
        return errno;
    }

    @Override
    public String getMessage() {
        return Errno.name(errno) + ": " + reason;
    }

    /** The message without the errno prefix. */
    public String reason() {
        return reason;
    }
}
