package org.sndfuse.fuse.lowlevel;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.annotations.In;
import jnr.ffi.types.size_t;

/**
 * libfuse 2.9's low-level API (fuse_lowlevel.h, FUSE_USE_VERSION 26), bound with jnr-ffi: the session, the
 * channel's receive call, the replies and the per-request helpers (docs/fuse-transport.md, "The low-level
 * transport"). Every {@code Pointer req} is a {@code fuse_req_t}; a request is answered exactly once, by one
 * of the {@code fuse_reply_*} calls, from any thread. Errno is not saved ({@link IgnoreError}): the results say
 * all that matters.
 */
public interface LibFuseLowLevel {
    // ---- mount and session ----
    Pointer fuse_mount(String mountpoint, Pointer args);

    void fuse_unmount(String mountpoint, Pointer ch);

    Pointer fuse_lowlevel_new(Pointer args, Pointer ops, @size_t long opSize, Pointer userdata);

    void fuse_session_add_chan(Pointer se, Pointer ch);

    void fuse_session_remove_chan(Pointer ch);

    void fuse_session_destroy(Pointer se);

    @IgnoreError
    @size_t long fuse_chan_bufsize(Pointer ch);

    /** Reads one request; {@code chp} is a {@code struct fuse_chan **}. Bytes read, 0 once the session ended, or -errno. */
    @IgnoreError
    int fuse_chan_recv(Pointer chp, Pointer buf, @size_t long size);

    /** Decodes one request and calls the matching operation on this thread. */
    @IgnoreError
    void fuse_session_process(Pointer se, Pointer buf, @size_t long len, Pointer ch);

    @IgnoreError
    void fuse_session_exit(Pointer se);

    @IgnoreError
    int fuse_session_exited(Pointer se);

    void fuse_opt_free_args(Pointer args);

    // ---- replies ----
    @IgnoreError
    int fuse_reply_err(Pointer req, int err);

    @IgnoreError
    void fuse_reply_none(Pointer req);

    @IgnoreError
    int fuse_reply_entry(Pointer req, Pointer entryParam);

    @IgnoreError
    int fuse_reply_attr(Pointer req, Pointer stat, double attrTimeout);

    @IgnoreError
    int fuse_reply_open(Pointer req, Pointer fi);

    @IgnoreError
    int fuse_reply_write(Pointer req, @size_t long count);

    @IgnoreError
    int fuse_reply_buf(Pointer req, @In byte[] buf, @size_t long size);

    @IgnoreError
    int fuse_reply_ioctl(Pointer req, int result, @In byte[] buf, @size_t long size);

    @IgnoreError
    int fuse_reply_poll(Pointer req, int revents);

    // ---- per request ----
    /** The caller: {@code struct fuse_ctx} {uid, gid, pid, umask}. */
    @IgnoreError
    Pointer fuse_req_ctx(Pointer req);

    /** Registers {@code func(req, data)} for the request's interrupt; runs it at once if it already came. */
    @IgnoreError
    void fuse_req_interrupt_func(Pointer req, Pointer func, Pointer data);

    @IgnoreError
    int fuse_req_interrupted(Pointer req);

    /** One directory entry into {@code buf}; with a null buf, the size it needs. */
    @IgnoreError
    @size_t long fuse_add_direntry(Pointer req, Pointer buf, @size_t long bufsize, String name, Pointer stbuf, long off);

    // ---- poll ----
    @IgnoreError
    int fuse_lowlevel_notify_poll(Pointer ph);

    @IgnoreError
    void fuse_pollhandle_destroy(Pointer ph);
}
