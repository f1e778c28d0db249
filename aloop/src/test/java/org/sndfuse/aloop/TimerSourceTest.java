package org.sndfuse.aloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sndfuse.aloop.AloopTestSupport.assertErrno;

import org.junit.jupiter.api.Test;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.errno.Errno;

/** The timer_source grammar (kernel-facts A1). */
class TimerSourceTest {
    private static TimerId parse(String s) {
        return TimerSource.parse(s, id -> "Loopback".equals(id) ? 0 : -1);
    }

    @Test
    void globalTimersByCardMinusOne() {
        assertEquals(new TimerId(TimerId.CLASS_GLOBAL, TimerId.SCLASS_APPLICATION, -1, 4, 3), parse("-1.4.3"));
        assertEquals(new TimerId(TimerId.CLASS_GLOBAL, TimerId.SCLASS_APPLICATION, -1, 3, 0), parse("-1,3"));
        assertEquals(new TimerId(TimerId.CLASS_GLOBAL, TimerId.SCLASS_APPLICATION, -1, 0, 0), parse("-1"));
    }

    @Test
    void pcmTimersByIndexOrId() {
        assertEquals(new TimerId(TimerId.CLASS_PCM, TimerId.SCLASS_APPLICATION, 0, 1, 2), parse("hw:0,1,2"));
        assertEquals(new TimerId(TimerId.CLASS_PCM, TimerId.SCLASS_APPLICATION, 0, 1, 0), parse("Loopback.1"));
        assertEquals(new TimerId(TimerId.CLASS_PCM, TimerId.SCLASS_APPLICATION, 16, 8, 1), parse("0x10.010.1"));
        // Only the first ':' ends the prefix.
        assertErrno(Errno.EINVAL, () -> parse("a:b:2"));
    }

    @Test
    void errorsAreThoseOfKstrtoint() {
        assertErrno(Errno.EINVAL, () -> parse("nosuch"));
        assertErrno(Errno.EINVAL, () -> parse(""));
        assertErrno(Errno.EINVAL, () -> parse("0.x"));
        assertErrno(Errno.EINVAL, () -> parse("0.1."));
        assertErrno(Errno.EINVAL, () -> parse("08"));
        assertErrno(TimerSource.ERANGE, () -> parse("0.99999999999"));
        assertEquals(Integer.MIN_VALUE, TimerSource.parseInt("-2147483648"));
        assertEquals(10, TimerSource.parseInt("+10\n"));
    }
}
