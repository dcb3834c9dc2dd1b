package io.vaultfleet.agent.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemConfigurationTest {
    @TempDir
    Path staging;

    @Test
    void coversEtcThePackageListAndServiceUnits() throws Exception {
        List<SourceWarning> warnings = new ArrayList<>();
        FileSelection selection = SystemConfiguration.prepare(staging, warnings::add);
        assertThat(selection.roots()).contains(Path.of("/etc"), staging.toAbsolutePath());
        assertThat(staging.resolve("packages.txt")).exists();
        assertThat(staging.resolve("systemd-unit-files.txt")).exists();
        if (Files.exists(Path.of("/usr/bin/dpkg-query"))) {
            assertThat(Files.readString(staging.resolve("packages.txt"))).contains("\t");
        }
        // a missing tool (no systemd in a container) is a warning, not a failure
        warnings.forEach(w -> assertThat(w.message()).contains("produced output"));
    }
}
