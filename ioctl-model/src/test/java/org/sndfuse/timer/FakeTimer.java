package org.sndfuse.timer;

import org.sndfuse.abi.timer.TimerId;

/** A timer whose hardware interrupts come only from {@link #fire(long)}; stands in for card/PCM timers. */
final class FakeTimer extends Timer {
    private final long resolution;
    private final boolean slave;
    int hwStarts;
    int hwStops;

    FakeTimer(TimerId id, String idString, String name, long resolution, boolean slave) {
        super(id, idString, name);
        this.resolution = resolution;
        this.slave = slave;
    }

    static FakeTimer card(int card, int device) {
        return new FakeTimer(new TimerId(TimerId.CLASS_CARD, TimerId.SCLASS_APPLICATION, card, device, 0), "card",
                "Card timer " + card + "-" + device, 1_000_000L, false);
    }

    static FakeTimer pcm(int card, int device, int subdevice) {
        return new FakeTimer(new TimerId(TimerId.CLASS_PCM, TimerId.SCLASS_NONE, card, device, subdevice), "PCM",
                "PCM Playback " + card + "-" + device + "-" + subdevice, 21_333_333L, true);
    }

    void fire(long ticks) {
        interrupt(ticks);
    }

    @Override
    public long resolution() {
        return resolution;
    }

    @Override
    public long hwTicks() {
        return 1;
    }

    @Override
    public boolean isSlave() {
        return slave;
    }

    @Override
    protected void hwStart(long sticks) {
        hwStarts++;
    }

    @Override
    protected void hwStop() {
        hwStops++;
    }
}
