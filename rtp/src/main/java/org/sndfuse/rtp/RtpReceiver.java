package org.sndfuse.rtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The network clock: RTP packets go into the {@link JitterBuffer}; whenever it holds one more period than
 * its depth, that period is written to the loopback's playback end and the utimer is triggered once, so the
 * capture end advances by exactly the frames the sender produced. While no stream runs (before the first
 * packet, after {@code idle} without one, while a restarted stream fills its depth) silence periods are
 * clocked locally ("freewheel") so capture programs never stall.
 *
 * <p>When a stream ends (idle), one {@code rtp-stream-end} line gives its figures. Threads: {@code rtp-receive} (datagrams into the buffer), {@code rtp-playout} (periods out, triggers),
 * {@code rtp-status} (the status line). Lock: {@link #lock} guards the buffer and the statistics; no call into
 * the mount is made while it is held.
 */
public final class RtpReceiver implements AutoCloseable {
    /** Everything the receiver is told. */
    public record Config(String mount, InetSocketAddress listen, String multicastInterface, RtpFormat format,
                         int substream, int periodFrames, int periods, int depthFrames, long idleNanos,
                         long statusNanos) {}

    private static final int MAX_DATAGRAM = 65536;

    private final Config config;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ReceptionStats stats = new ReceptionStats();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final JitterBuffer buffer;
    private final long periodNanos;
    private final EventPoster events;
    private DatagramChannel channel;
    private UtimerDescriptor utimer;
    private TimerSourceSetting source;
    private LoopbackPlayback playback;
    private final Thread receiver;
    private final Thread playout;
    private final Thread status;
    private volatile boolean stopping;
    private volatile Throwable failure;

    private RtpReceiver(Config c) {
        this.config = c;
        this.buffer = new JitterBuffer(c.format(), c.periodFrames(), c.depthFrames(), stats);
        this.periodNanos = PeriodTime.nanos(c.format().rate(), c.periodFrames());
        this.events = new EventPoster(c.mount());
        this.receiver = new Thread(this::receiveLoop, "rtp-receive");
        this.playout = new Thread(this::playoutLoop, "rtp-playout");
        this.status = new Thread(this::statusLoop, "rtp-status");
        for (Thread t : new Thread[] {receiver, playout, status}) {
            t.setDaemon(true);
        }
    }

    /** Binds the socket, creates the utimer, points timer_source at it, opens the playback end, starts. */
    public static RtpReceiver start(Config c) throws IOException {
        RtpReceiver r = new RtpReceiver(c);
        try {
            r.open();
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
        r.receiver.start();
        r.playout.start();
        r.status.start();
        return r;
    }

    private void open() throws IOException {
        InetSocketAddress a = config.listen();
        boolean multicast = a.getAddress() != null && a.getAddress().isMulticastAddress();
        channel = DatagramChannel.open(a.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        if (multicast) {
            channel.bind(new InetSocketAddress(a.getPort()));
            NetworkInterface ni = multicastInterface(config.multicastInterface());
            channel.join(a.getAddress(), ni);
        } else {
            channel.bind(a);
        }
        utimer = UtimerDescriptor.create(config.mount() + "/snd/timer", periodNanos);
        source = TimerSourceSetting.point(config.mount() + "/proc/asound/card0/timer_source", utimer.timerSource());
        playback = LoopbackPlayback.open(config.mount(), 0, config.substream(), config.format(),
                config.periodFrames(), config.periods());
        String timer = cableTimer();
        if (timer != null && !timer.equals("hw:" + utimer.timerSource().replace('.', ','))) {
            System.err.println("rtp-recv: warning: cable 0 substream " + config.substream() + " follows " + timer
                    + ", not utimer " + utimer.id() + ": its capture end was opened before rtp-recv (the timer"
                    + " source applies to cables created afterwards); reopen the capture program");
        }
    }

    /** The "sound timer:" of our cable's playback in {@code proc/asound/card0/cable#0}, or null. */
    private String cableTimer() {
        String text;
        try (DeviceFile f = DeviceFile.open(config.mount() + "/proc/asound/card0/cable#0", LibC.O_RDONLY)) {
            text = f.readText();
        } catch (RuntimeException e) {
            return null;
        }
        int at = text.indexOf("Cable 0 substream " + config.substream() + ":");
        int t = at < 0 ? -1 : text.indexOf("sound timer:", at);
        int next = at < 0 ? -1 : text.indexOf("Cable 0 substream ", at + 1);
        if (t < 0 || (next >= 0 && t > next)) {
            return null;
        }
        int eol = text.indexOf('\n', t);
        return text.substring(t + "sound timer:".length(), eol < 0 ? text.length() : eol).strip();
    }

    /** The named interface, or the first one that is up and does multicast. */
    private static NetworkInterface multicastInterface(String name) throws IOException {
        if (name != null) {
            NetworkInterface ni = NetworkInterface.getByName(name);
            if (ni == null) {
                throw new IOException("no network interface '" + name + "'");
            }
            return ni;
        }
        for (NetworkInterface ni : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (ni.isUp() && ni.supportsMulticast()) {
                return ni;
            }
        }
        throw new IOException("no multicast-capable interface is up: give --interface");
    }

    public UtimerDescriptor utimer() {
        return utimer;
    }

    public String oldTimerSource() {
        return source.old();
    }

    public long periodNanos() {
        return periodNanos;
    }

    public int localPort() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    private void receiveLoop() {
        ByteBuffer bb = ByteBuffer.allocate(MAX_DATAGRAM);
        while (!stopping) {
            bb.clear();
            try {
                channel.receive(bb);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                fail(e);
                return;
            }
            long now = System.nanoTime();
            RtpPacket p;
            try {
                p = RtpPacket.parse(java.util.Arrays.copyOf(bb.array(), bb.position()), bb.position());
            } catch (RtpPacket.Malformed e) {
                lock.lock();
                try {
                    stats.bad++;
                } finally {
                    lock.unlock();
                }
                continue;
            }
            lock.lock();
            try {
                buffer.offer(p, now);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void playoutLoop() {
        byte[] out = new byte[config.periodFrames() * config.format().pcmFrameBytes()];
        long[] completed = new long[256];     // arrival times of the packets the period completes
        int[] ncompleted = new int[1];
        long freewheelAt = System.nanoTime() + periodNanos;
        String ended = null;
        try {
            while (!stopping) {
                if (ended != null) {
                    post("rtp-stream-end", ended);      // outside the lock: it writes to the mount
                    ended = null;
                }
                boolean data;
                lock.lock();
                try {
                    long now = System.nanoTime();
                    if (buffer.running() && now - buffer.lastArrival() > config.idleNanos()) {
                        ended = statusLine();   // the stream's own figures (rate, jitter) before they reset
                        buffer.stop();
                        continue;
                    }
                    if (buffer.ready()) {
                        data = true;
                    } else if (!buffer.clocking() && now - freewheelAt >= 0) {
                        data = false;
                        stats.freewheel++;
                    } else {
                        long wait = buffer.clocking() ? config.idleNanos() : freewheelAt - now;
                        changed.awaitNanos(Math.max(wait, 100_000));
                        continue;
                    }
                    if (data) {
                        ncompleted[0] = 0;
                        buffer.take(out, arrival -> {
                            if (ncompleted[0] < completed.length) {
                                completed[ncompleted[0]++] = arrival;
                            }
                        });
                    } else {
                        Arrays.fill(out, (byte) 0);    // a filling stream keeps its data for the data clock
                    }
                    stats.periods++;
                } finally {
                    lock.unlock();
                }
                boolean clean = playback.write(out, config.periodFrames());
                utimer.trigger();
                long now = System.nanoTime();
                if (data) {
                    freewheelAt = now + periodNanos;
                    lock.lock();
                    try {
                        for (int i = 0; i < ncompleted[0]; i++) {
                            latency.add(now - completed[i]);    // received -> readable at capture
                        }
                    } finally {
                        lock.unlock();
                    }
                } else {
                    freewheelAt = now - freewheelAt > periodNanos ? now + periodNanos : freewheelAt + periodNanos;
                }
                if (!clean) {
                    lock.lock();
                    try {
                        stats.xruns++;
                    } finally {
                        lock.unlock();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!stopping) {
                fail(e);
            }
        }
    }

    private void statusLoop() {
        if (config.statusNanos() <= 0) {
            return;
        }
        while (!stopping) {
            try {
                TimeUnit.NANOSECONDS.sleep(config.statusNanos());
            } catch (InterruptedException e) {
                return;
            }
            if (!stopping) {
                report();
            }
        }
    }

    /** Prints the status line on stderr and posts it on the events stream. */
    public void report() {
        post("rtp-stats", statusLine());
    }

    /** One {@code KIND sub=N figures} line on stderr and the events stream. */
    private void post(String kind, String figures) {
        String line = kind + " sub=" + config.substream() + " " + figures;
        System.err.println("rtp-recv: " + line);
        events.post(line);
    }

    public String statusLine() {
        lock.lock();     // reentrant: the playout thread asks with the lock held
        try {
            double msPerFrame = 1000.0 / config.format().rate();
            return stats.line(buffer.depthFrames() * msPerFrame, buffer.jitter().millis(),
                    buffer.rate().ppm()) + String.format(Locale.ROOT, " latency_p50=%.2fms latency_p99=%.2fms",
                    latency.percentileMillis(0.5), latency.percentileMillis(0.99));
        } finally {
            lock.unlock();
        }
    }

    private void fail(Throwable t) {
        failure = t;
        halt();
    }

    /** Tells the threads to stop and wakes the playout thread. */
    private void halt() {
        stopping = true;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the receiver stops by itself (a failure); returns it, or null when {@link #close}d. */
    public Throwable awaitFailure() throws InterruptedException {
        playout.join();
        return failure;
    }

    public String describe() {
        return String.format(Locale.ROOT, "%s from %s, utimer %d (%d ns), substream %d, period %d frames, depth %d",
                config.format(), config.listen(), utimer.id(), periodNanos, playback.subdevice(),
                config.periodFrames(), config.depthFrames());
    }

    /** Stops the threads, then closes the stream, the utimer and gives timer_source its old value back. */
    @Override
    public void close() {
        halt();
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
        status.interrupt();
        try {
            playout.join(2000);
            receiver.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (playback != null) {
            playback.close();
        }
        if (utimer != null) {
            utimer.close();
        }
        if (source != null) {
            source.close();
        }
    }
}
