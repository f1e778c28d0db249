package org.sndfuse.aloop;

import org.sndfuse.abi.control.CtlElemId;
import org.sndfuse.abi.control.CtlElemInfo;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * The card's control elements as the control device lists them: for each PCM device, each substream, the seven
 * {@link LoopbackControl}s in the driver's order, numbered from 1 (snd_ctl_add order), interface PCM, index 0.
 * Looks elements up by numid or by (iface, device, subdevice, name, index) and reads and writes their values
 * through the card.
 */
public final class LoopbackElements {
    private static final LoopbackControl[] CONTROLS = LoopbackControl.values();

    private final LoopbackCard card;

    public LoopbackElements(LoopbackCard card) {
        this.card = card;
    }

    public int count() {
        return LoopbackCard.DEVICES * card.substreams() * CONTROLS.length;
    }

    /** The id of element {@code numid} (1-based). */
    public CtlElemId id(int numid) {
        if (numid < 1 || numid > count()) {
            throw new SndException(Errno.ENOENT, "no control element " + numid);
        }
        int i = numid - 1;
        LoopbackControl c = CONTROLS[i % CONTROLS.length];
        int slot = i / CONTROLS.length;
        int device = slot / card.substreams();
        int sub = slot % card.substreams();
        return new CtlElemId(numid, CtlElemId.IFACE_PCM, device, sub, c.controlName(), 0);
    }

    /** Resolves an id as the kernel does: by numid when non-zero, else by the other fields. ENOENT if none. */
    public CtlElemId resolve(CtlElemId q) {
        if (q.numid() != 0) {
            return id(q.numid());
        }
        for (int n = 1; n <= count(); n++) {
            CtlElemId e = id(n);
            if (e.iface() == q.iface() && e.device() == q.device() && e.subdevice() == q.subdevice()
                    && e.name().equals(q.name()) && e.index() == q.index()) {
                return e;
            }
        }
        throw new SndException(Errno.ENOENT, "no control element '" + q.name() + "'");
    }

    public LoopbackControl control(CtlElemId resolved) {
        return CONTROLS[(resolved.numid() - 1) % CONTROLS.length];
    }

    /** ELEM_INFO; for an enumerated element {@code item} selects which item name to report. */
    public CtlElemInfo info(CtlElemId q, int item) {
        CtlElemId id = resolve(q);
        LoopbackControl c = control(id);
        int access = CtlElemInfo.ACCESS_READ | (c.writable() ? CtlElemInfo.ACCESS_WRITE : 0);
        switch (c.type()) {
            case BOOLEAN:
                return new CtlElemInfo(id, CtlElemInfo.TYPE_BOOLEAN, access, 1, -1, 0, 1, 0, 0, 0, "");
            case ENUMERATED: {
                String[] items = LoopbackControl.ACCESS_ITEMS;
                // the item is an unsigned int: anything past the last item names the last (snd_ctl_enum_info)
                int it = Integer.compareUnsigned(item, items.length) >= 0 ? items.length - 1 : item;
                return new CtlElemInfo(id, CtlElemInfo.TYPE_ENUMERATED, access, 1, -1, 0, 0, 0, items.length, it,
                        items[it]);
            }
            default:
                return new CtlElemInfo(id, CtlElemInfo.TYPE_INTEGER, access, 1, -1, c.min(), c.max(), c.step(), 0, 0,
                        "");
        }
    }

    public boolean enumerated(CtlElemId resolved) {
        return control(resolved).type() == LoopbackControl.Type.ENUMERATED;
    }

    public long read(CtlElemId resolved) {
        return card.controlValue(control(resolved), resolved.device(), resolved.subdevice());
    }

    /** ELEM_WRITE: EPERM for a read-only element; true when the value changed. */
    public boolean write(CtlElemId resolved, long value) {
        return card.setControlValue(control(resolved), resolved.device(), resolved.subdevice(), value);
    }

    /** The id of control {@code c} on (device, subdevice), for change events. */
    public CtlElemId idOf(int device, int subdevice, LoopbackControl c) {
        return id(1 + (device * card.substreams() + subdevice) * CONTROLS.length + c.ordinal());
    }
}
