package org.sndfuse.aloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.aloop.AloopTestSupport.assertErrno;
import static org.sndfuse.aloop.AloopTestSupport.configure;

import org.junit.jupiter.api.Test;
import org.sndfuse.abi.pcm.ChannelInfo;
import org.sndfuse.abi.pcm.MmapControl;
import org.sndfuse.abi.pcm.MmapStatus;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmInfo;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.abi.pcm.PcmStatus;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.abi.pcm.SwParams;
import org.sndfuse.abi.pcm.SyncPtr;
import org.sndfuse.errno.Errno;

/** Which operation is legal in which state, with the kernel's errno otherwise (docs/kernel-facts.md "PCM core"). */
class StateMachineTest extends AloopTestSupport {
    private final LoopbackCard card = card(8, null);

    private PcmSubstream setup(int device, int stream) {
        PcmSubstream s = card.open(device, stream, -1, 42, "t");
        configure(s, PcmFormat.S16_LE, 2, 48000, 960, 4);
        return s;
    }

    @Test
    void openStateRefusesEverythingButParameters() {
        PcmSubstream s = card.open(0, PcmStream.PLAYBACK, -1, 42, "t");
        assertEquals(PcmState.OPEN, s.snapshot().state());
        assertErrno(Errno.EBADFD, () -> s.write(new byte[4], false, NEVER));
        assertErrno(Errno.EBADFD, () -> s.transfer(PcmUserBuffer.of(new byte[4]), 1, false, NEVER));
        assertErrno(Errno.EBADFD, s::prepare);
        assertErrno(Errno.EBADFD, s::start);
        assertErrno(Errno.EBADFD, s::drop);
        assertErrno(Errno.EBADFD, () -> s.drain(false, NEVER));
        assertErrno(Errno.EBADFD, s::hwFree);
        assertErrno(Errno.EBADFD, () -> s.swParams(new SwParams(0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0)));
        assertErrno(Errno.EBADFD, () -> s.channelInfo(0));
        assertErrno(Errno.ENOSYS, () -> s.pause(true)); // no PAUSE info before HW_PARAMS
        assertEquals(PcmState.OPEN, s.status(null).state());
        assertEquals(0x2000f, s.pversion());
        s.ttstamp(1);
        assertErrno(Errno.EINVAL, () -> s.ttstamp(3));
    }

    @Test
    void setupStateRefusesTransfersAndStart() {
        PcmSubstream s = setup(0, PcmStream.PLAYBACK);
        assertErrno(Errno.EBADFD, () -> s.write(new byte[4], false, NEVER));
        assertErrno(Errno.EBADFD, s::start);
        assertErrno(Errno.EBADFD, s::hwsync);
        assertErrno(Errno.EBADFD, s::delay);
        assertErrno(Errno.EBADFD, s::reset);
        assertErrno(Errno.EBADFD, s::xrun);
        assertErrno(Errno.EBADFD, () -> s.pause(true));
        assertErrno(Errno.EBADFD, () -> s.rewind(1));
        assertErrno(Errno.EBADFD, s::resume);
        s.drop(); // SETUP → SETUP
        assertEquals(PcmState.SETUP, s.snapshot().state());
        s.hwFree();
        assertEquals(PcmState.OPEN, s.snapshot().state());
    }

    @Test
    void preparedPlaybackNeedsDataToStart() {
        PcmSubstream s = setup(0, PcmStream.PLAYBACK);
        s.prepare();
        assertErrno(Errno.EPIPE, s::start);
        assertErrno(Errno.EBADFD, () -> s.pause(false));
        assertEquals(0, s.delay());
        assertEquals(3840, s.status(null).avail());
        s.transfer(PcmUserBuffer.of(new byte[960 * 4]), 960, true, NEVER); // start_threshold 1: starts
        assertEquals(PcmState.RUNNING, s.snapshot().state());
        assertErrno(Errno.EBUSY, s::prepare);
        assertErrno(Errno.EBADFD, s::start);
        assertErrno(Errno.EBADFD, () -> s.pause(false));
        s.pause(true);
        assertEquals(PcmState.PAUSED, s.snapshot().state());
        assertErrno(Errno.EBADFD, () -> s.pause(true));
        assertErrno(Errno.EBADFD, s::xrun);
        s.pause(false);
        s.xrun();
        assertEquals(PcmState.XRUN, s.snapshot().state());
        s.xrun(); // XRUN → XRUN is fine
        assertErrno(Errno.EPIPE, () -> s.write(new byte[4], false, NEVER));
        assertErrno(Errno.EPIPE, s::hwsync);
        assertErrno(Errno.EPIPE, s::delay);
        assertErrno(Errno.EBADFD, s::reset);
        s.prepare();
        assertEquals(PcmState.PREPARED, s.snapshot().state());
        assertEquals(0, s.snapshot().hwPtr());
        assertEquals(0, s.snapshot().applPtr());
    }

    @Test
    void explicitStartWithHighStartThreshold() {
        PcmSubstream s = setup(0, PcmStream.PLAYBACK);
        SwParams sw = s.swParams(new SwParams(0, 1, 0, 960, 1, 1L << 62, 3840, 0, 0, 0, 0x2000f, 0));
        assertEquals(PcmRuntime.boundaryFor(3840), sw.boundary());
        s.prepare();
        s.write(new byte[3840 * 4], false, NEVER);
        assertEquals(PcmState.PREPARED, s.snapshot().state());
        assertEquals(3840, s.delay());
        s.start();
        assertEquals(PcmState.RUNNING, s.snapshot().state());
    }

    @Test
    void swParamsValidation() {
        PcmSubstream s = setup(0, PcmStream.PLAYBACK);
        long boundary = PcmRuntime.boundaryFor(3840);
        assertErrno(Errno.EINVAL, () -> s.swParams(new SwParams(0, 1, 0, 0, 1, 1, 3840, 0, 0, 0, 0, 0)));
        assertErrno(Errno.EINVAL, () -> s.swParams(new SwParams(2, 1, 0, 1, 1, 1, 3840, 0, 0, 0, 0, 0)));
        assertErrno(Errno.EINVAL, () -> s.swParams(new SwParams(0, 1, 0, 1, 1, 1, 3840, 0, 0, 0, 0x2000c, 3)));
        assertErrno(Errno.EINVAL, () -> s.swParams(new SwParams(0, 1, 0, 1, 1, 1, 3840, 10, 20, 0, 0, 0)));
        assertErrno(Errno.EINVAL, () -> s.swParams(new SwParams(0, 1, 0, 1, 1, 1, 3840, 4000, 10, 0, 0, 0)));
        assertErrno(Errno.EINVAL, () -> s.swParams(new SwParams(0, 1, 0, 1, 1, 1, 3840, 5, boundary, 0, 0, 0)));
        s.swParams(new SwParams(0, 1, 0, 1, 1, 1, 3840, 0, boundary, 0, 0, 0));
        s.swParams(new SwParams(0, 1, 0, 1, 1, 1, 3840, 100, 50, 0, 0, 0));
        // An old protocol ignores tstamp_type.
        s.swParams(new SwParams(1, 1, 0, 1, 1, 1, 3840, 0, 0, 0, 0, 7));
    }

    @Test
    void partialFramesAndWrongDirections() {
        PcmSubstream p = setup(0, PcmStream.PLAYBACK);
        PcmSubstream c = setup(1, PcmStream.CAPTURE);
        p.prepare();
        c.prepare();
        assertErrno(Errno.EINVAL, () -> p.write(new byte[3], false, NEVER));
        assertErrno(Errno.EINVAL, () -> c.read(6, false, NEVER));
        assertErrno(Errno.EINVAL, () -> p.read(4, false, NEVER));
        assertErrno(Errno.EINVAL, () -> c.write(new byte[4], false, NEVER));
        assertErrno(Errno.EINVAL, () -> p.writeFramesNonInterleaved(new byte[][] {new byte[2], new byte[2]}, false,
                NEVER));
        assertErrno(Errno.EAGAIN, () -> c.read(4, true, NEVER)); // starts, nothing there yet
        assertEquals(PcmState.RUNNING, c.snapshot().state());
        assertEquals(0, p.write(new byte[0], false, NEVER));
    }

    @Test
    void rewindAndForwardAreBoundedByTheBuffer() {
        PcmSubstream s = setup(0, PcmStream.PLAYBACK);
        s.swParams(new SwParams(0, 1, 0, 960, 1, 1L << 40, 3840, 0, 0, 0, 0, 0));
        s.prepare();
        s.transfer(PcmUserBuffer.of(new byte[1000 * 4]), 1000, false, NEVER);
        assertEquals(1000, s.rewind(-1L)); // unsigned: as many as queued
        assertEquals(0, s.snapshot().applPtr());
        assertEquals(3840, s.forward(5000));
        assertEquals(0, s.forward(1));
        assertEquals(3840, s.delay());
        assertEquals(0, s.rewind(0));
    }

    @Test
    void syncPtrWritesOrReadsBackTheControl() {
        PcmSubstream s = setup(0, PcmStream.PLAYBACK);
        s.prepare();
        SyncPtr out = s.syncPtr(new SyncPtr(0, new MmapStatus(0, 0, 0, 0, 0, 0, 0), new MmapControl(100, 7)));
        assertEquals(100, out.control().applPtr());
        assertEquals(7, out.control().availMin());
        assertEquals(PcmState.PREPARED, out.status().state());
        out = s.syncPtr(new SyncPtr(SyncPtr.FLAG_APPL | SyncPtr.FLAG_AVAIL_MIN | SyncPtr.FLAG_HWSYNC,
                new MmapStatus(0, 0, 0, 0, 0, 0, 0), new MmapControl(999, 999)));
        assertEquals(100, out.control().applPtr());
        assertEquals(7, out.control().availMin());
        long boundary = PcmRuntime.boundaryFor(3840);
        assertErrno(Errno.EINVAL, () -> s.syncPtr(new SyncPtr(0, new MmapStatus(0, 0, 0, 0, 0, 0, 0),
                new MmapControl(boundary, 1))));
        // In OPEN nothing moves but the call works (alsa-lib's first SYNC_PTR with flags 0).
        PcmSubstream fresh = card.open(0, PcmStream.PLAYBACK, -1, 1, "t");
        assertEquals(1, fresh.syncPtr(new SyncPtr(0, new MmapStatus(0, 0, 0, 0, 0, 0, 0), new MmapControl(0, 1)))
                .control().availMin());
    }

    @Test
    void channelInfoForInterleavedFrames() {
        PcmSubstream s = setup(0, PcmStream.PLAYBACK);
        ChannelInfo ci = s.channelInfo(1);
        assertEquals(16, ci.first());
        assertEquals(32, ci.step());
        assertErrno(Errno.EINVAL, () -> s.channelInfo(2));
    }

    @Test
    void substreamsAreAllocatedAndCounted() {
        LoopbackCard two = card(2, null);
        PcmSubstream a = two.open(0, PcmStream.PLAYBACK, -1, 1, "t");
        PcmSubstream b = two.open(0, PcmStream.PLAYBACK, -1, 1, "t");
        assertEquals(0, a.subdevice());
        assertEquals(1, b.subdevice());
        assertErrno(Errno.EBUSY, () -> two.open(0, PcmStream.PLAYBACK, -1, 1, "t"));
        PcmInfo info = a.info();
        assertEquals(2, info.subdevicesCount());
        assertEquals(0, info.subdevicesAvail());
        assertEquals("subdevice #0", info.subname());
        assertEquals("Loopback PCM", info.id());
        a.close();
        a.close(); // idempotent
        assertErrno(Errno.EBADF, a::prepare);
        assertErrno(Errno.EBUSY, () -> two.open(0, PcmStream.PLAYBACK, 1, 1, "t"));
        assertEquals(0, two.open(0, PcmStream.PLAYBACK, 0, 1, "t").subdevice());
        assertErrno(Errno.ENODEV, () -> two.open(2, PcmStream.PLAYBACK, -1, 1, "t"));
        assertErrno(Errno.ENXIO, () -> two.pcmInfo(0, 0, 2));
        assertErrno(Errno.ENXIO, () -> two.pcmInfo(3, 0, 0));
        assertErrno(Errno.EINVAL, () -> two.pcmInfo(0, 2, 0));
        assertEquals(0, two.nextPcmDevice(-1));
        assertEquals(1, two.nextPcmDevice(0));
        assertEquals(-1, two.nextPcmDevice(1));
        assertEquals("Loopback Mixer", two.cardInfo().mixername());
    }

    @Test
    void closeWorksInEveryState() {
        PcmSubstream s = setup(0, PcmStream.PLAYBACK);
        s.prepare();
        s.write(new byte[3840], false, NEVER);
        s.pause(true);
        s.close();
        assertNull(card.substream(0, PcmStream.PLAYBACK, 0));
        assertEquals("closed\n", new LoopbackProc(card).status(0, PcmStream.PLAYBACK, 0));
    }

    @Test
    void disconnectEndsEverything() {
        PcmSubstream s = setup(0, PcmStream.PLAYBACK);
        s.prepare();
        card.disconnect();
        assertErrno(Errno.ENODEV, s::prepare);
        assertErrno(Errno.ENODEV, () -> s.write(new byte[4], false, NEVER));
        assertEquals(PcmSubstream.POLLOUT | PcmSubstream.POLLWRNORM | PcmSubstream.POLLERR, s.poll(null));
        assertErrno(Errno.ENODEV, () -> card.open(0, PcmStream.CAPTURE, -1, 1, "t"));
        s.close();
    }

    @Test
    void closingAPausedDisconnectedEndReleasesTheCable() {
        PcmSubstream p = setup(0, PcmStream.PLAYBACK);
        PcmSubstream c = setup(1, PcmStream.CAPTURE);
        p.prepare();
        c.prepare();
        c.start();
        p.write(new byte[3840 * 4], true, NEVER);
        p.pause(true);
        assertTrue(new LoopbackProc(card).cable(0).startsWith(
                "Cable 0 substream 0:\n  valid: 3\n  running: 3\n  pause: 1\n"));
        p.disconnect();
        assertEquals(PcmState.DISCONNECTED, p.snapshot().state());
        p.close();
        String cable = new LoopbackProc(card).cable(0);
        assertEquals("Cable 0 substream 0:\n  valid: 2\n  running: 2\n  pause: 0\n  Playback\n    inactive\n",
                cable.substring(0, cable.indexOf("  Capture")));
        c.close();
        assertTrue(new LoopbackProc(card).cable(0).startsWith("Cable 0 substream 0:\n  inactive\nCable 0 substream 1:"));
    }

    @Test
    void statusExtReportsTimestampsWhenEnabled() {
        PcmSubstream s = setup(0, PcmStream.PLAYBACK);
        s.ttstamp(SwParams.TSTAMP_TYPE_MONOTONIC);
        s.swParams(new SwParams(1, 1, 0, 960, 1, 1, 3840, 0, 0, 0, 0x2000f, 1));
        s.prepare();
        s.write(new byte[3840 * 4], false, NEVER);
        clock.advance(20_000_000L);
        PcmStatus st = s.status(PcmStatus.request(PcmSubstream.AUDIO_TSTAMP_DEFAULT));
        assertEquals(PcmState.RUNNING, st.state());
        assertEquals(960, st.hwPtr());
        assertEquals(clock.nanos() / 1_000_000_000L, st.tstampSec());
        assertEquals(0, st.audioTstampSec());
        assertEquals(20_000_000L, st.audioTstampNsec());
        assertEquals(0x30001, st.audioTstampData());
        assertEquals(3840 - 960, st.delay());
        assertEquals(1_000_000_000L, st.triggerSec() * 1_000_000_000L + st.triggerNsec());
    }
}
