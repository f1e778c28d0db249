package org.sndfuse.rtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sndfuse.errno.SndException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code sndfuse rtp-recv}: receive RTP linear PCM and clock the loopback with it (see {@link RtpReceiver}). */
@Command(name = "rtp-recv", mixinStandardHelpOptions = true,
        description = {"Receive RTP L16/L24 audio and play it into the loopback's pcmC0D0p substream N, firing a"
                + " utimer once per period as the data arrives: capture programs reading pcmC0D1c substream N"
                + " run on the sender's clock.",
            "Exit: 0 after SIGINT/SIGTERM (utimer closed, stream closed, timer_source restored), 1 on a failure."},
        footerHeading = "%nExamples:%n",
        footer = {"  sndfuse rtp-recv --mount /tmp/snd --sdp s.sdp                  a stream ffmpeg -sdp_file describes",
                "  sndfuse rtp-recv --mount /tmp/snd --listen 127.0.0.1:5004 --format L16 --rate 48000 --channels 2"})
public final class RtpRecvCommand implements Callable<Integer> {
    @Option(names = "--mount", required = true, paramLabel = "DIR", description = "the sndfuse mount")
    String mount;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--sdp", paramLabel = "FILE", description = "SDP file (ffmpeg -sdp_file, AES67)")
        Path sdp;

        @ArgGroup(exclusive = false)
        Manual manual;
    }

    static final class Manual {
        @Option(names = "--listen", required = true, paramLabel = "ADDR:PORT",
                description = "address and UDP port to receive on (a multicast group is joined)")
        String listen;
        @Option(names = "--format", required = true, paramLabel = "L16|L24")
        String format;
        @Option(names = "--rate", required = true, paramLabel = "HZ")
        int rate;
        @Option(names = "--channels", required = true, paramLabel = "N")
        int channels;
        @Option(names = "--payload-type", defaultValue = "96", paramLabel = "PT",
                description = "RTP payload type to accept (default ${DEFAULT-VALUE})")
        int payloadType;
    }

    @Option(names = "--listen-address", paramLabel = "ADDR",
            description = "with --sdp: bind this address instead of the SDP's connection address")
    String listenAddress;

    @Option(names = "--interface", paramLabel = "NAME", description = "network interface to join a multicast group on")
    String multicastInterface;

    @Option(names = "--substream", defaultValue = "0", paramLabel = "N", description = "loopback substream (default 0)")
    int substream;

    @Option(names = "--jitter", defaultValue = "5", paramLabel = "MS",
            description = "jitter buffer depth in ms beyond one period (default ${DEFAULT-VALUE})")
    double jitterMs;

    @Option(names = "--period-frames", paramLabel = "N",
            description = "loopback period in frames (default: 10 ms worth); capture must use the same")
    Integer periodFrames;

    @Option(names = "--periods", defaultValue = "4", paramLabel = "N", description = "playback buffer in periods")
    int periods;

    @Option(names = "--idle", defaultValue = "80", paramLabel = "MS",
            description = "a stream silent this long ends and silence is clocked locally, so capture never waits"
                    + " long enough to fail (EIO after max(100 ms, 1.1 x its buffer time)) (default ${DEFAULT-VALUE})")
    int idleMs;

    @Option(names = "--status-interval", defaultValue = "5", paramLabel = "S",
            description = "seconds between status lines on stderr and events (0: only at exit)")
    double statusSeconds;

    @Override
    public Integer call() throws Exception {
        RtpReceiver.Config config;
        try {
            config = config();
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("rtp-recv: " + e.getMessage());
            return 2;
        }
        RtpReceiver r;
        try {
            r = RtpReceiver.start(config);
        } catch (IOException | SndException e) {
            System.err.println("rtp-recv: " + e.getMessage());
            return 1;
        }
        System.err.println("rtp-recv: " + r.describe() + "; timer_source " + r.utimer().timerSource()
                + " (was '" + r.oldTimerSource() + "')");
        System.err.println("rtp-recv: ready");
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            r.close();
            stopped.countDown();
        };
        Signal.handle(new Signal("TERM"), s -> new Thread(stop, "rtp-stop").start());
        Signal.handle(new Signal("INT"), s -> new Thread(stop, "rtp-stop").start());
        Throwable failure = r.awaitFailure();
        if (failure != null) {
            r.close();
            r.report();
            System.err.println("rtp-recv: failed: " + failure.getMessage());
            return 1;
        }
        stopped.await();
        r.report();
        System.err.println("rtp-recv: stopped");
        return 0;
    }

    private RtpReceiver.Config config() throws IOException {
        RtpFormat format;
        InetSocketAddress listen;
        if (source.sdp != null) {
            SessionDescription sd = SessionDescription.parse(Files.readString(source.sdp));
            format = sd.format();
            String addr = listenAddress != null ? listenAddress : sd.address();
            listen = new InetSocketAddress(InetAddress.getByName(addr), sd.port());
        } else {
            Manual m = source.manual;
            format = new RtpFormat(RtpFormat.Encoding.parse(m.format), m.rate, m.channels, m.payloadType);
            int colon = m.listen.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("--listen wants ADDR:PORT, got '" + m.listen + "'");
            }
            String host = m.listen.substring(0, colon).replace("[", "").replace("]", "");
            int port = SessionDescription.parseInt("port", m.listen.substring(colon + 1), 0, 65535);
            listen = new InetSocketAddress(InetAddress.getByName(host.isEmpty() ? "0.0.0.0" : host), port);
        }
        int period = periodFrames != null ? periodFrames : format.rate() / 100;
        if (period < 16 || period > format.rate()) {
            throw new IllegalArgumentException("--period-frames must be 16.." + format.rate());
        }
        if (periods < 2 || periods > 64) {
            throw new IllegalArgumentException("--periods must be 2..64");
        }
        if (jitterMs < 0 || jitterMs > 2000 || idleMs < 10 || substream < 0 || statusSeconds < 0) {
            throw new IllegalArgumentException("--jitter 0..2000, --idle >= 10, --substream >= 0, --status-interval >= 0");
        }
        int depth = (int) Math.round(jitterMs * format.rate() / 1000.0);
        return new RtpReceiver.Config(mount, listen, multicastInterface, format, substream, period, periods, depth,
                idleMs * 1_000_000L, (long) (statusSeconds * 1e9));
    }
}
