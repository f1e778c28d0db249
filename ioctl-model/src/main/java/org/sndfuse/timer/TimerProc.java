package org.sndfuse.timer;

import org.sndfuse.abi.timer.TimerId;

/** /proc/asound/timers in the kernel's format (docs/kernel-facts.md T7), rendered from live core state. */
public final class TimerProc {
    private TimerProc() {}

    public static String render(TimerCore core) {
        StringBuilder b = new StringBuilder();
        for (Timer t : core.timers()) {
            TimerId id = t.id();
            switch (id.devClass()) {
                case TimerId.CLASS_GLOBAL -> b.append('G').append(id.device()).append(": ");
                case TimerId.CLASS_CARD -> b.append('C').append(id.card()).append('-').append(id.device()).append(": ");
                case TimerId.CLASS_PCM -> b.append('P').append(id.card()).append('-').append(id.device()).append('-')
                        .append(id.subdevice()).append(": ");
                default -> b.append('?').append(id.devClass()).append('-').append(id.card()).append('-')
                        .append(id.device()).append('-').append(id.subdevice()).append(": ");
            }
            b.append(t.name()).append(" :");
            long res = t.resolution();
            if (res != 0) {
                b.append(' ').append(Long.toUnsignedString(res / 1000)).append('.')
                        .append(String.format("%03d", res % 1000)).append("us (").append(t.hwTicks()).append(" ticks)");
            }
            if (t.isSlave()) {
                b.append(" SLAVE");
            }
            b.append('\n');
            for (TimerInstance ti : t.instances()) {
                b.append("  Client ").append(ti.owner() == null ? "unknown" : ti.owner()).append(" : ")
                        .append(ti.isRunning() ? "running" : "stopped").append('\n');
            }
        }
        return b.toString();
    }
}
