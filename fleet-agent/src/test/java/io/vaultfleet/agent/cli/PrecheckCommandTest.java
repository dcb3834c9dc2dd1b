package io.vaultfleet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vaultfleet.agent.AgentMain;
import io.vaultfleet.agent.platform.PrecheckResult;
import picocli.CommandLine;

class PrecheckCommandTest {
    private final StringWriter out = new StringWriter();

    private int execute(CommandLine cli, String... args) {
        cli.setOut(new PrintWriter(out, true));
        return cli.execute(args);
    }

    @Test
    void onThisLinuxMachineItPrintsEachResultAndSystemStateIsNotOffered() {
        int code = execute(AgentMain.commandLine(), "precheck");
        assertThat(out.toString()).contains("[ok]").contains("Supported operating system")
                .contains("[not offered]").contains("System State");
        assertThat(code).isIn(0, PrecheckCommand.A_CHECK_FAILED);
        assertThat(code).isZero();
    }

    @Test
    void aFailedCheckGivesExitCodeFive() {
        CommandLine cli = new CommandLine(new PrecheckCommand(() -> List.of(
                PrecheckResult.failed("System file check", "sfc /verifyonly found integrity violations"))));
        assertThat(execute(cli)).isEqualTo(PrecheckCommand.A_CHECK_FAILED);
        assertThat(out.toString()).contains("[failed]").contains("found integrity violations");
    }
}
