package io.vaultfleet.console;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Each feature package is a module; none reaches into another's internals and there are no cycles. The same
 * boundaries for data, each feature's SQL on its own tables only: {@link FeatureTablesTest}.
 */
class ModularityTest {
    @Test
    void featurePackagesRespectTheirBoundaries() {
        ApplicationModules.of(ConsoleApplication.class).verify();
    }
}
