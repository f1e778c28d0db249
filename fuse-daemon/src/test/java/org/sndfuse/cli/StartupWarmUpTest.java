package org.sndfuse.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

/** The warm-up names classes by string: each must exist (a rename would silently end the warm-up). */
class StartupWarmUpTest {
    @Test
    void everyClassExists() {
        ClassLoader loader = StartupWarmUp.class.getClassLoader();
        for (String name : StartupWarmUp.CLASSES) {
            assertDoesNotThrow(() -> Class.forName(name, false, loader), name);
        }
    }
}
