package org.sndfuse.fuse.lowlevel;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool for requests that are not parked yet and may wait inside the model: blocking PCM read()/write(),
 * WRITEI/READI/WRITEN/READN_FRAMES and DRAIN, a blocking PCM open, and blocking reads of files that report no
 * readiness (the /proc-style snapshots). Its size is fixed by the mount (one thread per PCM substream plus a few),
 * not by the number of clients; threads start on demand and end when idle, further requests queue. Nothing that
 * wakes a waiter runs here (TRIGGER, ctl writes, timer/control/ctl reads are answered on the receive threads),
 * so a full pool can delay a request but never a wake-up (docs/fuse-transport.md, "The low-level transport").
 */
final class BlockingWorkers {
    private final ThreadPoolExecutor pool;

    BlockingWorkers(int threads) {
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 2, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "sndfuse-blocking-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    void run(Runnable request) {
        pool.execute(request);
    }

    void shutdown() {
        pool.shutdown();
    }
}
