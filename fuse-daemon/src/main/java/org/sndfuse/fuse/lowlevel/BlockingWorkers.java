package org.sndfuse.fuse.lowlevel;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fixed pool (CPUs + a few threads) for requests that are neither parked nor answered on the receive thread:
 * reads of files that report no readiness and have no parked form (the /proc-style snapshots, which do not wait),
 * and any blocking call a handle offers no parked form for. Timer, control and ctl reads are parked
 * ({@link ParkedReads}), and so are PCM transfers, drains and blocking opens ({@link ParkedCalls}): its size is
 * fixed by the machine, never by the number of clients; threads start on demand and end when idle, further
 * requests queue. Nothing that wakes a waiter runs here, so a full pool can delay a request but never a wake-up
 * (docs/fuse-transport.md, "The low-level transport").
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
