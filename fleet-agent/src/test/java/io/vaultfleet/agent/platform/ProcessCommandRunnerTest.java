package io.vaultfleet.agent.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The real runner, run here with /bin/sh. */
class ProcessCommandRunnerTest {
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void handsOutLinesSplitAtBareCarriageReturnsAndKeepsTheBytes() throws Exception {
        List<String> lines = new ArrayList<>();
        CommandResult r = runner.run(Command.of(Duration.ofSeconds(20), "sh", "-c",
                "printf 'Found (1) files.\\r\\nWriter (1%%).\\rWriter (2%%).\\r\\n'; printf oops >&2; exit 3"), lines::add);
        assertThat(lines).containsExactly("Found (1) files.", "Writer (1%).", "Writer (2%).");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdoutText(StandardCharsets.US_ASCII)).startsWith("Found (1) files.\r\n");
        assertThat(r.stderrText(StandardCharsets.US_ASCII)).isEqualTo("oops");
    }

    @Test
    void aToolThatFillsStderrBeforeWritingStdoutDoesNotHang() throws Exception {
        CommandResult r = runner.run(Command.of(Duration.ofSeconds(30), "sh", "-c",
                "head -c 300000 /dev/zero | tr '\\0' e >&2; echo done"));
        assertThat(r.stderr()).hasSize(300000);
        assertThat(r.stdoutText(StandardCharsets.US_ASCII)).isEqualTo("done\n");
    }

    @Test
    void aToolThatHangsIsKilledAtItsTimeout() {
        assertThatThrownBy(() -> runner.run(Command.of(Duration.ofMillis(300), "sleep", "30")))
                .hasMessageContaining("did not finish within");
    }
}
