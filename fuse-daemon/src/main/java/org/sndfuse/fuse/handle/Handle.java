package org.sndfuse.fuse.handle;

import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * One open file description of a node. FUSE calls arrive on many threads; an implementation guards its
 * own state. Errors are thrown as {@link SndException} and become the caller's errno at the FUSE boundary.
 */
public interface Handle {
    int POLLIN = 0x001, POLLOUT = 0x004, POLLERR = 0x008, POLLRDNORM = 0x040, POLLWRNORM = 0x100;

    default byte[] read(long offset, int size, Caller caller) {
        throw new SndException(Errno.EINVAL, "not readable");
    }

    default int write(long offset, byte[] data, Caller caller) {
        throw new SndException(Errno.EINVAL, "not writable");
    }

    /**
     * @param cmd  the request number
     * @param arg  the caller's raw argument (a user-space address for struct requests)
     * @param in   the bytes FUSE copied from the caller (_IOW/_IOWR), else empty
     */
    default IoctlReply ioctl(int cmd, long arg, byte[] in, Caller caller) {
        throw new SndException(Errno.ENOTTY, "no ioctls here");
    }

    /** Whether the file can seek (a /proc-style snapshot); device, control and stream files cannot. */
    default boolean seekable() {
        return false;
    }

    /** Whether a write() without O_NONBLOCK may wait (the low-level transport then runs it on a blocking worker). */
    default boolean writeMayBlock() {
        return false;
    }

    /** Whether ioctl {@code cmd} may block, so its caller's current O_NONBLOCK state matters. */
    default boolean ioctlMayBlock(int cmd) {
        return false;
    }

    /**
     * A blocking read() that waits without a thread ({@link PendingCall}), or null when this handle has none (the
     * low-level transport then runs {@link #read} on a worker). {@code caller} is blocking.
     */
    default PendingCall<byte[]> readParked(long offset, int size, Caller caller) {
        return null;
    }

    /** A blocking write() that waits without a thread, or null (as {@link #readParked}). */
    default PendingCall<Integer> writeParked(long offset, byte[] data, Caller caller) {
        return null;
    }

    /** A blocking ioctl {@code cmd} ({@link #ioctlMayBlock}) that waits without a thread, or null. */
    default PendingCall<IoctlReply> ioctlParked(int cmd, long arg, byte[] in, Caller caller) {
        return null;
    }

    /** The ready mask now; when {@code waiter} is non-null and nothing is ready, it runs once on the next change. */
    default int poll(Runnable waiter) {
        if (waiter != null) {
            waiter.run();
        }
        return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;
    }

    /**
     * Whether {@link #release} should run as soon as a FLUSH shows this description's last descriptor closed,
     * before close() returns (a utimer's owner: close() destroys the timer), rather than on the asynchronous
     * RELEASE; false while a call may still be using the description ({@link LastClose}).
     */
    default boolean releaseAtLastClose() {
        return false;
    }

    /** The daemon is shutting down: wake every blocked call of this handle with an error. */
    default void disconnect() {}

    /** The last reference is gone (close, exit or death of the caller). */
    void release();
}
