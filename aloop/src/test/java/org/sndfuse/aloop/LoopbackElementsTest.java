package org.sndfuse.aloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sndfuse.abi.control.CtlElemId;
import org.sndfuse.abi.control.CtlElemInfo;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.timer.TimerCore;

/** The card's control elements: numbering, lookup by numid and by name, info, read, write, read-only. */
class LoopbackElementsTest {
    private final VirtualClock clock = new VirtualClock();
    private final LoopbackCard card = new LoopbackCard(new TimerCore(clock, 250), clock, 3, "", line -> { });
    private final LoopbackElements el = new LoopbackElements(card);

    @Test
    void sevenControlsPerSubstreamNumberedInDriverOrder() {
        assertEquals(2 * 3 * 7, el.count());
        assertEquals(new CtlElemId(1, CtlElemId.IFACE_PCM, 0, 0, "PCM Rate Shift 100000", 0), el.id(1));
        assertEquals(new CtlElemId(9, CtlElemId.IFACE_PCM, 0, 1, "PCM Notify", 0), el.id(9));
        assertEquals(new CtlElemId(42, CtlElemId.IFACE_PCM, 1, 2, "PCM Slave Access Mode", 0), el.id(42));
        assertEquals(el.id(30), el.idOf(1, 1, LoopbackControl.NOTIFY));
        assertEquals(Errno.ENOENT, assertThrows(SndException.class, () -> el.id(43)).errno());
        assertEquals(Errno.ENOENT, assertThrows(SndException.class, () -> el.id(0)).errno());
    }

    @Test
    void lookupByNameAndInfo() {
        CtlElemId q = new CtlElemId(0, CtlElemId.IFACE_PCM, 1, 2, "PCM Slave Rate", 0);
        CtlElemId id = el.resolve(q);
        assertEquals(1 + (1 * 3 + 2) * 7 + 4, id.numid());
        CtlElemInfo info = el.info(q, 0);
        assertEquals(CtlElemInfo.TYPE_INTEGER, info.type());
        assertEquals(CtlElemInfo.ACCESS_READ, info.access());
        assertEquals(192000, info.max());
        CtlElemInfo en = el.info(el.id(7), 5);
        assertEquals(CtlElemInfo.TYPE_ENUMERATED, en.type());
        assertEquals(1, en.item()); // clamped to the last item
        assertEquals("Non-interleaved", en.itemName());
        assertEquals(1, el.info(el.id(7), -1).item()); // an unsigned int in the struct: past the end too
        assertEquals(Errno.ENOENT, assertThrows(SndException.class,
                () -> el.resolve(new CtlElemId(0, CtlElemId.IFACE_MIXER, 1, 2, "PCM Slave Rate", 0))).errno());
    }

    @Test
    void readWriteAndReadOnly() {
        CtlElemId shift = el.id(1);
        assertEquals(100000, el.read(shift));
        assertTrue(el.write(shift, 90000));
        assertEquals(90000, el.read(shift));
        assertEquals(90000, card.rateShift(0, 0));
        el.write(shift, 10); // clamped like the driver's put
        assertEquals(80000, el.read(shift));
        assertEquals(Errno.EPERM, assertThrows(SndException.class, () -> el.write(el.id(3), 1)).errno());
        assertEquals(48000, el.read(el.id(5)));
    }
}
