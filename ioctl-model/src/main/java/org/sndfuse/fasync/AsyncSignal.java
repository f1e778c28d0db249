package org.sndfuse.fasync;

/**
 * Where one fasync registration sends its signal (the kernel's fasync_struct with the file's f_owner): made by
 * the transport for a descriptor whose process asked for O_ASYNC (docs/preload.md, "SIGIO"). The model only
 * calls {@link #send()} once per event, after unlocking, and {@link #close()} when the registration ends.
 */
public interface AsyncSignal {
    /** One signal to the owner; never throws (an owner that is gone just gets nothing, as kill_fasync). */
    void send();

    /** Ends the registration: once this returns, {@link #send()} sends nothing more. Idempotent. */
    void close();
}
