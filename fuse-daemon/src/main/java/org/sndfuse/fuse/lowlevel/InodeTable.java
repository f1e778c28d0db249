package org.sndfuse.fuse.lowlevel;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Inode numbers of the mounted tree for the low-level API, which names nodes by number, not by path. A number
 * stands for a path and stays valid for the daemon's life: the tree is finite (only existing nodes get one), so
 * the table is bounded and FORGET needs no bookkeeping. The root is inode 1 (FUSE_ROOT_ID), path "/".
 */
final class InodeTable {
    static final long ROOT = 1;

    private final ConcurrentHashMap<String, Long> byPath = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, String> byInode = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong(ROOT + 1);

    InodeTable() {
        byPath.put("/", ROOT);
        byInode.put(ROOT, "/");
    }

    /** The number of {@code path} (an existing node), assigned on first use. */
    long inode(String path) {
        return byPath.computeIfAbsent(path, p -> {
            long ino = next.getAndIncrement();
            byInode.put(ino, p);
            return ino;
        });
    }

    /** The path of {@code ino}, or null for a number never handed out. */
    String path(long ino) {
        return byInode.get(ino);
    }

    static String child(String parent, String name) {
        return parent.equals("/") ? "/" + name : parent + "/" + name;
    }
}
