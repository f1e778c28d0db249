package org.sndfuse.aloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

class ModuleParametersTest extends AloopTestSupport {
    private final LoopbackCard card = card(1, "");
    private final ModuleParameters params = new ModuleParameters(card);

    @Test
    void firstEntryIsCardZeros() {
        params.writeTimerSource("-1.3.0,(null)\n");
        assertEquals("-1.3.0", card.timerSource());
    }

    @Test
    void anEntryOver1024CharactersIsENOSPCAndChangesNothing() {
        params.writeTimerSource("-1.3.0");
        String longEntry = "x".repeat(ModuleParameters.MAX_STRING + 1);
        SndException e = assertThrows(SndException.class, () -> params.writeTimerSource(longEntry));
        assertEquals(Errno.ENOSPC, e.errno());
        e = assertThrows(SndException.class, () -> params.writeTimerSource("-1.4.0," + longEntry));
        assertEquals(Errno.ENOSPC, e.errno());
        assertEquals("-1.3.0", card.timerSource());
        params.writeTimerSource("x".repeat(ModuleParameters.MAX_STRING)); // exactly 1024 is accepted
    }

    @Test
    void aWriteOverOnePageIsE2BIG() {
        String big = "-1.4.0," + ",".repeat(ModuleParameters.MAX_WRITE);
        SndException e = assertThrows(SndException.class, () -> params.writeTimerSource(big));
        assertEquals(Errno.E2BIG, e.errno());
        assertEquals("", card.timerSource());
    }
}
