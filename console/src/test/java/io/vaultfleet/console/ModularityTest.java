package io.vaultfleet.console;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Each feature package is a module; none reaches into another's internals and there are no cycles. */
class ModularityTest {
    @Test
    void featurePackagesRespectTheirBoundaries() {
        ApplicationModules.of(ConsoleApplication.class).verify();
    }
}
