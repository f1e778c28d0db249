package org.sndfuse.fuse.node;

/** An entry of the mounted tree: a directory or a file whose opens create handles. */
public interface Node {
    String name();

    /** Permission bits (e.g. 0660), without the file type. */
    int mode();

    /** Owning group id, or -1 for the daemon's own group. */
    default int gid() {
        return -1;
    }
}
