package org.sndfuse.errno;

/**
 * A failure that the emulated device reports to its caller as an errno.
 * Thrown anywhere in the core; turned into a negative return value once, at the FUSE boundary.
 */
public class SndException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public SndException(int errno, String message) {
        super(Errno.name(errno) + ": " + message);
        this.errno = errno;
    }

    public SndException(int errno) {
        this(errno, Errno.name(errno));
    }

    public int errno() {
        return errno;
    }

    /** The message without the errno prefix. */
    public String reason() {
        String m = getMessage();
        int colon = m.indexOf(": ");
        return colon < 0 ? m : m.substring(colon + 2);
    }
}
