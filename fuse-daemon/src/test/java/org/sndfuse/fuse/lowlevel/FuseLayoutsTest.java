package org.sndfuse.fuse.lowlevel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-written layouts of {@link FuseLayouts} against the installed libfuse 2 headers: a C program built
 * with gcc and {@code pkg-config fuse} (package libfuse-dev) prints every size and offset the transport uses.
 */
class FuseLayoutsTest {
    private static final String PROGRAM = """
            #define FUSE_USE_VERSION 26
            #include <fuse_lowlevel.h>
            #include <stddef.h>
            #include <stdio.h>
            #include <sys/stat.h>
            #define P(name, value) printf("%s %ld\\n", name, (long)(value))
            #define SLOT(f) P("op." #f, offsetof(struct fuse_lowlevel_ops, f) / sizeof(void *))
            int main(void) {
                P("ops.size", sizeof(struct fuse_lowlevel_ops));
                SLOT(init); SLOT(destroy); SLOT(lookup); SLOT(forget); SLOT(getattr); SLOT(setattr);
                SLOT(open); SLOT(read); SLOT(write); SLOT(flush); SLOT(release); SLOT(opendir);
                SLOT(readdir); SLOT(releasedir); SLOT(ioctl); SLOT(poll); SLOT(forget_multi); SLOT(fallocate);
                P("stat.size", sizeof(struct stat));
                P("stat.ino", offsetof(struct stat, st_ino)); P("stat.nlink", offsetof(struct stat, st_nlink));
                P("stat.mode", offsetof(struct stat, st_mode)); P("stat.uid", offsetof(struct stat, st_uid));
                P("stat.gid", offsetof(struct stat, st_gid)); P("stat.size_", offsetof(struct stat, st_size));
                P("stat.atime", offsetof(struct stat, st_atime)); P("stat.mtime", offsetof(struct stat, st_mtime));
                P("stat.ctime", offsetof(struct stat, st_ctime));
                P("entry.size", sizeof(struct fuse_entry_param));
                P("entry.ino", offsetof(struct fuse_entry_param, ino));
                P("entry.generation", offsetof(struct fuse_entry_param, generation));
                P("entry.attr", offsetof(struct fuse_entry_param, attr));
                P("entry.attr_timeout", offsetof(struct fuse_entry_param, attr_timeout));
                P("entry.entry_timeout", offsetof(struct fuse_entry_param, entry_timeout));
                P("fi.size", sizeof(struct fuse_file_info));
                P("fi.flags", offsetof(struct fuse_file_info, flags));
                P("fi.fh", offsetof(struct fuse_file_info, fh));
                struct fuse_file_info fi = {0};
                fi.direct_io = 1; P("fi.direct_io", ((unsigned *)&fi)[5]);
                fi.direct_io = 0; fi.nonseekable = 1; P("fi.nonseekable", ((unsigned *)&fi)[5]);
                P("ctx.size", sizeof(struct fuse_ctx));
                P("ctx.uid", offsetof(struct fuse_ctx, uid)); P("ctx.gid", offsetof(struct fuse_ctx, gid));
                P("ctx.pid", offsetof(struct fuse_ctx, pid));
                P("args.size", sizeof(struct fuse_args)); P("args.argc", offsetof(struct fuse_args, argc));
                P("args.argv", offsetof(struct fuse_args, argv));
                P("args.allocated", offsetof(struct fuse_args, allocated));
                P("conn.max_write", offsetof(struct fuse_conn_info, max_write));
                P("set_attr_size", FUSE_SET_ATTR_SIZE);
                P("S_IFDIR", S_IFDIR); P("S_IFREG", S_IFREG);
                return 0;
            }
            """;

    private static final Map<String, Long> C = new HashMap<>();

    @BeforeAll
    static void compileAndRun(@TempDir Path dir) throws IOException, InterruptedException {
        Path src = dir.resolve("layouts.c");
        Files.writeString(src, PROGRAM);
        String flags = run(List.of("pkg-config", "--cflags", "fuse"), dir).strip();
        Path exe = dir.resolve("layouts");
        StringBuilder cmd = new StringBuilder("gcc -Wall -o '" + exe + "' '" + src + "' " + flags);
        run(List.of("sh", "-c", cmd.toString()), dir);
        for (String line : run(List.of(exe.toString()), dir).split("\n")) {
            String[] kv = line.split(" ");
            C.put(kv[0], Long.parseLong(kv[1]));
        }
    }

    private static String run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(cmd + " failed (needs gcc and libfuse-dev): " + out);
        }
        return out;
    }

    private static void check(String name, long javaValue) {
        assertEquals(C.get(name), Long.valueOf(javaValue), name);
    }

    @Test
    void opsTable() {
        check("ops.size", FuseLayouts.OPS_SIZE);
        check("op.init", FuseLayouts.OP_INIT);
        check("op.destroy", FuseLayouts.OP_DESTROY);
        check("op.lookup", FuseLayouts.OP_LOOKUP);
        check("op.forget", FuseLayouts.OP_FORGET);
        check("op.getattr", FuseLayouts.OP_GETATTR);
        check("op.setattr", FuseLayouts.OP_SETATTR);
        check("op.open", FuseLayouts.OP_OPEN);
        check("op.read", FuseLayouts.OP_READ);
        check("op.write", FuseLayouts.OP_WRITE);
        check("op.flush", FuseLayouts.OP_FLUSH);
        check("op.release", FuseLayouts.OP_RELEASE);
        check("op.opendir", FuseLayouts.OP_OPENDIR);
        check("op.readdir", FuseLayouts.OP_READDIR);
        check("op.releasedir", FuseLayouts.OP_RELEASEDIR);
        check("op.ioctl", FuseLayouts.OP_IOCTL);
        check("op.poll", FuseLayouts.OP_POLL);
        check("op.forget_multi", FuseLayouts.OP_FORGET_MULTI);
        check("op.fallocate", FuseLayouts.OP_FALLOCATE);
        assertEquals(41, FuseLayouts.OPS_SLOTS);
    }

    @Test
    void statAndEntry() {
        check("stat.size", FuseLayouts.STAT_SIZE);
        check("stat.ino", FuseLayouts.ST_INO);
        check("stat.nlink", FuseLayouts.ST_NLINK);
        check("stat.mode", FuseLayouts.ST_MODE);
        check("stat.uid", FuseLayouts.ST_UID);
        check("stat.gid", FuseLayouts.ST_GID);
        check("stat.size_", FuseLayouts.ST_SIZE);
        check("stat.atime", FuseLayouts.ST_ATIME);
        check("stat.mtime", FuseLayouts.ST_MTIME);
        check("stat.ctime", FuseLayouts.ST_CTIME);
        check("S_IFDIR", FuseLayouts.S_IFDIR);
        check("S_IFREG", FuseLayouts.S_IFREG);
        check("entry.size", FuseLayouts.ENTRY_SIZE);
        check("entry.ino", FuseLayouts.ENTRY_INO);
        check("entry.generation", FuseLayouts.ENTRY_GENERATION);
        check("entry.attr", FuseLayouts.ENTRY_ATTR);
        check("entry.attr_timeout", FuseLayouts.ENTRY_ATTR_TIMEOUT);
        check("entry.entry_timeout", FuseLayouts.ENTRY_ENTRY_TIMEOUT);
    }

    @Test
    void fileInfoContextArgsConn() {
        check("fi.size", FuseLayouts.FI_SIZE);
        check("fi.flags", FuseLayouts.FI_FLAGS);
        check("fi.fh", FuseLayouts.FI_FH);
        assertEquals(FuseLayouts.FI_BITS, 20);
        check("fi.direct_io", FuseLayouts.FI_DIRECT_IO);
        check("fi.nonseekable", FuseLayouts.FI_NONSEEKABLE);
        check("ctx.size", FuseLayouts.CTX_SIZE);
        check("ctx.uid", FuseLayouts.CTX_UID);
        check("ctx.gid", FuseLayouts.CTX_GID);
        check("ctx.pid", FuseLayouts.CTX_PID);
        check("args.size", FuseLayouts.ARGS_SIZE);
        check("args.argc", FuseLayouts.ARGS_ARGC);
        check("args.argv", FuseLayouts.ARGS_ARGV);
        check("args.allocated", FuseLayouts.ARGS_ALLOCATED);
        check("conn.max_write", FuseLayouts.CONN_MAX_WRITE);
        check("set_attr_size", FuseLayouts.FUSE_SET_ATTR_SIZE);
    }

    @Test
    void theOpsTableHoldsTheCallbacks() {
        // the table is built once, with every implemented slot set and the rest NULL
        long set = 0;
        for (int slot = 0; slot < FuseLayouts.OPS_SLOTS; slot++) {
            if (LowLevelOps.TABLE.getPointer(slot * 8L) != null) {
                set++;
            }
        }
        assertEquals(14, set);
    }
}
