package org.sndfuse.errno;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The numbers are Linux x86_64's; the names are what text files print in "error ENAME: reason". */
class ErrnoTest {
    @Test
    void numbersAndNames() {
        assertEquals(6, Errno.ENXIO);
        assertEquals("ENXIO", Errno.name(Errno.ENXIO));
        assertEquals("EBADFD", Errno.name(77));
        assertEquals("ESTRPIPE", Errno.name(86));
        assertEquals("E200", Errno.name(200));
    }
}
