package org.sndfuse.aloop;

import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.events.EventBus;

/**
 * Turns the card's stream lifecycle into event lines: {@code pcm-open}, {@code pcm-prepare}, {@code pcm-start},
 * {@code pcm-stop}, {@code pcm-pause}, {@code pcm-resume}, {@code pcm-drain}, {@code pcm-xrun}, {@code pcm-close}
 * and {@code pcm-pos} (bytes moved per period elapsed, the Xen sndif CUR_POS idea), each naming the stream as
 * {@code pcm=C0D0p sub=0}; and {@code ctl-change} when a control's value changes.
 */
public final class LoopbackEventPublisher implements LoopbackObserver {
    private final EventBus bus;

    public LoopbackEventPublisher(EventBus bus) {
        this.bus = bus;
    }

    static String stream(PcmSubstream s) {
        return "pcm=C0D" + s.device() + (s.stream() == PcmStream.PLAYBACK ? "p" : "c") + " sub=" + s.subdevice();
    }

    private void publish(String kind, PcmSubstream s, String more) {
        bus.publish(kind, stream(s) + (more.isEmpty() ? "" : " " + more));
    }

    @Override
    public void opened(PcmSubstream s) {
        publish("pcm-open", s, "pid=" + s.pid());
    }

    @Override
    public void prepared(PcmSubstream s) {
        PcmSnapshot n = s.snapshot();
        publish("pcm-prepare", s, "format=" + PcmFormat.name(n.format()) + " rate=" + n.rate() + " channels="
                + n.channels() + " period=" + n.periodSize() + " buffer=" + n.bufferSize());
    }

    @Override
    public void started(PcmSubstream s) {
        publish("pcm-start", s, "");
    }

    @Override
    public void stopped(PcmSubstream s, int newState) {
        publish("pcm-stop", s, "state=" + PcmState.name(newState));
    }

    @Override
    public void paused(PcmSubstream s) {
        publish("pcm-pause", s, "hw_ptr=" + s.snapshot().hwPtr());
    }

    @Override
    public void resumed(PcmSubstream s) {
        publish("pcm-resume", s, "hw_ptr=" + s.snapshot().hwPtr());
    }

    @Override
    public void draining(PcmSubstream s) {
        publish("pcm-drain", s, "");
    }

    @Override
    public void xrun(PcmSubstream s, String reason) {
        publish("pcm-xrun", s, "reason=\"" + (reason == null ? "" : reason.replace('"', '\'')) + "\"");
    }

    @Override
    public void closed(PcmSubstream s) {
        publish("pcm-close", s, "");
    }

    @Override
    public void controlChanged(int device, int subdevice, LoopbackControl control) {
        bus.publish("ctl-change", "device=" + device + " sub=" + subdevice + " name=\"" + control.controlName() + "\"");
    }

    @Override
    public void periodElapsed(PcmSubstream s, long bytes, long hwPtr) {
        if (bus.subscribers() == 0) {
            return; // every period of every stream: no line built for nobody
        }
        publish("pcm-pos", s, "bytes=" + bytes + " hw_ptr=" + hwPtr);
    }
}
