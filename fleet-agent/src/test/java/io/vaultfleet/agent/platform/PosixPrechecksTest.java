package io.vaultfleet.agent.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PosixPrechecksTest {
    @Test
    void linuxIsSupportedForFilesAndSystemConfigurationButOffersNoSystemState() {
        var results = new PosixPrechecks("Linux", "6.1.0", new PosixElevation()).run();
        assertThat(results.get(0).outcome()).isEqualTo(PrecheckResult.Outcome.PASSED);
        assertThat(results.get(0).detail()).contains("supported for files and folders and for system configuration");
        assertThat(results.get(1).outcome()).isEqualTo(PrecheckResult.Outcome.NOT_OFFERED);
        assertThat(results.get(1).detail()).contains("System State is a Windows Server item");
    }
}
