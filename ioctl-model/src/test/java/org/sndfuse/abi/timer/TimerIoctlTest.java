package org.sndfuse.abi.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sndfuse.abi.IoctlRequest;

/** Pins every request number to docs/kernel-facts.md T13 (x86_64). */
class TimerIoctlTest {

    @Test
    void requestNumbers() {
        assertEquals(0x80045400, TimerIoctl.PVERSION);
        assertEquals(0xC0145401, TimerIoctl.NEXT_DEVICE);
        assertEquals(0x40045402, TimerIoctl.TREAD_OLD);
        assertEquals(0xC0F85403, TimerIoctl.GINFO);
        assertEquals(0x40485404, TimerIoctl.GPARAMS);
        assertEquals(0xC0505405, TimerIoctl.GSTATUS);
        assertEquals(0x40345410, TimerIoctl.SELECT);
        assertEquals(0x80E85411, TimerIoctl.INFO);
        assertEquals(0x40505412, TimerIoctl.PARAMS);
        assertEquals(0x80605414, TimerIoctl.STATUS);
        assertEquals(0x000054A0, TimerIoctl.START);
        assertEquals(0x000054A1, TimerIoctl.STOP);
        assertEquals(0x000054A2, TimerIoctl.CONTINUE);
        assertEquals(0x000054A3, TimerIoctl.PAUSE);
        assertEquals(0x400454A4, TimerIoctl.TREAD64);
        assertEquals(0xC02054A5, TimerIoctl.CREATE);
        assertEquals(0x000054A6, TimerIoctl.TRIGGER);
    }

    @Test
    void oldStartStopNumbers() {
        assertEquals(0x00005420, TimerIoctl.START_OLD);
        assertEquals(0x00005421, TimerIoctl.STOP_OLD);
        assertEquals(0x00005422, TimerIoctl.CONTINUE_OLD);
        assertEquals(0x00005423, TimerIoctl.PAUSE_OLD);
    }

    @Test
    void protocolVersionIs208() {
        assertEquals(0x00020008, TimerIoctl.PROTOCOL_VERSION);
    }

    @Test
    void requestSizesMatchRecordSizes() {
        assertEquals(TimerId.SIZE, IoctlRequest.decode(TimerIoctl.NEXT_DEVICE).size());
        assertEquals(TimerGinfo.SIZE, IoctlRequest.decode(TimerIoctl.GINFO).size());
        assertEquals(TimerGparams.SIZE, IoctlRequest.decode(TimerIoctl.GPARAMS).size());
        assertEquals(TimerGstatus.SIZE, IoctlRequest.decode(TimerIoctl.GSTATUS).size());
        assertEquals(TimerSelect.SIZE, IoctlRequest.decode(TimerIoctl.SELECT).size());
        assertEquals(TimerInfo.SIZE, IoctlRequest.decode(TimerIoctl.INFO).size());
        assertEquals(TimerParams.SIZE, IoctlRequest.decode(TimerIoctl.PARAMS).size());
        assertEquals(TimerStatus.SIZE, IoctlRequest.decode(TimerIoctl.STATUS).size());
        assertEquals(TimerUinfo.SIZE, IoctlRequest.decode(TimerIoctl.CREATE).size());
    }
}
