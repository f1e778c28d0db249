package org.sndfuse.fuse.handle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/** The lines of /proc/PID/status the daemon needs of a caller: Tgid, and the real and saved uids (ESRCH when gone). */
public record ProcStatus(int tgid, int uid, int suid) {
    public static ProcStatus of(int pid) {
        int tgid = -1;
        int uid = -1;
        int suid = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status"))) {
                String[] f = line.split("\\s+");
                if (f[0].equals("Tgid:")) {
                    tgid = Integer.parseInt(f[1]);
                } else if (f[0].equals("Uid:") && f.length >= 4) {
                    uid = Integer.parseInt(f[1]);
                    suid = Integer.parseInt(f[3]);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new SndException(Errno.ESRCH, "no status of process " + pid);
        }
        if (tgid < 0 || uid < 0) {
            throw new SndException(Errno.ESRCH, "no status of process " + pid);
        }
        return new ProcStatus(tgid, uid, suid);
    }
}

