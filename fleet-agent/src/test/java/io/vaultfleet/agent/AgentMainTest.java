package io.vaultfleet.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class AgentMainTest {
    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cli = AgentMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void aBadConsoleUrlIsOneClearLineAndExitCodeTwo() {
        int code = execute("run", "--console", "ftp://nowhere", "--home", home.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("fleet-agent run: console URL must start with http://")
                .doesNotContain("\tat ");
    }

    @Test
    void aMissingRequiredOptionNamesIt() {
        assertThat(execute("run", "--home", home.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--console");
    }

    @Test
    void statusWithoutARunningServiceSaysSo() {
        assertThat(execute("status", "--home", home.toString())).isEqualTo(4);
        assertThat(out.toString()).contains("not running");
    }

    @Test
    void versionNamesTheProtocol() {
        assertThat(execute("--version")).isZero();
        assertThat(out.toString()).contains("fleet-agent ").contains("protocol 1");
    }

    @Test
    void withoutACommandItAsksForOne() {
        assertThat(execute()).isEqualTo(2);
        assertThat(err.toString()).contains("a command is required");
    }

    @Test
    void aSubcommandRunAloneReadsAndFailsAsUnderTheWholeCommandLine() {
        CommandLine alone = AgentMain.subcommandAlone("run", "--console", "ftp://nowhere", "--home", home.toString());
        assertThat(alone).isNotNull();
        alone.setOut(new PrintWriter(out, true));
        alone.setErr(new PrintWriter(err, true));
        assertThat(alone.execute("--console", "ftp://nowhere", "--home", home.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("fleet-agent run: console URL must start with http://");

        StringWriter help = new StringWriter();
        CommandLine backup = AgentMain.subcommandAlone("backup", "--help");
        backup.setOut(new PrintWriter(help, true));
        assertThat(backup.execute("--help")).isZero();
        assertThat(help.toString()).contains("Usage: fleet-agent backup ").contains("--passphrase-file");

        assertThat(AgentMain.subcommandAlone()).isNull();
        assertThat(AgentMain.subcommandAlone("--version")).isNull();
        assertThat(AgentMain.subcommandAlone("help", "backup")).isNull();
        assertThat(AgentMain.subcommandAlone("no-such-command")).isNull();
    }
}
