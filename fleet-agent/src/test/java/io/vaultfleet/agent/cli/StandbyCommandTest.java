package io.vaultfleet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What a standby process accepts as its job: a backup's command line, nothing else. */
class StandbyCommandTest {
    @Test
    void aBackupCommandLineIsTakenAsItIs() {
        assertThat(StandbyCommand.backupArguments("[\"backup\",\"--json\",\"--\",\"/srv/a b\",\"--x\"]"))
                .containsExactly("backup", "--json", "--", "/srv/a b", "--x");
    }

    @Test
    void anythingButABackupIsRefusedWithTheReason() {
        assertThatThrownBy(() -> StandbyCommand.backupArguments("[\"change-passphrase\"]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only a backup runs here");
        assertThatThrownBy(() -> StandbyCommand.backupArguments("[]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only a backup runs here");
        assertThatThrownBy(() -> StandbyCommand.backupArguments("[\"backup\",null]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only a backup runs here");
        assertThatThrownBy(() -> StandbyCommand.backupArguments("backup --json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON array of strings");
        assertThatThrownBy(() -> StandbyCommand.backupArguments("{\"backup\":1}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON array of strings");
    }

    @Test
    void warmUpSizesOutOfRangeAreRefusedBeforeAnyWork(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home) {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = io.vaultfleet.agent.AgentMain.commandLine();
        cli.setErr(new java.io.PrintWriter(err, true));

        int code = cli.execute("standby", "--home", home.toString(), "--warm-up-files", "-1");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--warm-up-files must be 0–100000");
        assertThat(home.resolve("standby")).doesNotExist();
    }
}
