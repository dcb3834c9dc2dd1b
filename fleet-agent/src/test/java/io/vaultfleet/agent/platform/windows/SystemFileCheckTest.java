package io.vaultfleet.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.vaultfleet.agent.platform.windows.SystemFileCheck.Verdict;

/** sfc /verifyonly verdicts from recorded UTF-16LE output (fixtures under sfc/). */
class SystemFileCheckTest {
    private static SystemFileCheck.Result parse(String fixture, int exitCode) {
        return SystemFileCheck.parse(RecordedCommandRunner.fixture("sfc/" + fixture), exitCode);
    }

    @Test
    void cleanUtf16WithoutBom() {
        SystemFileCheck.Result r = parse("verifyonly-clean.bin", 0);
        assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
        assertThat(r.lastPercent()).isEqualTo(100);
        assertThat(r.clean()).isTrue();
    }

    @Test
    void violationsUtf16WithBomFailWithTheReason() {
        SystemFileCheck.Result r = parse("verifyonly-violations-bom.bin", 1);
        assertThat(r.verdict()).isEqualTo(Verdict.INTEGRITY_VIOLATIONS);
        assertThat(r.reason()).contains("found integrity violations").contains("CBS.log").contains("RestoreHealth");
    }

    @Test
    void cleanWhenSingleByteTextIsMixedIntoTheUtf16Stream() {
        assertThat(parse("verifyonly-clean-mixed.bin", 0).verdict()).isEqualTo(Verdict.CLEAN);
    }

    @Test
    void couldNotPerformSaysWhereItStopped() {
        SystemFileCheck.Result r = parse("verifyonly-could-not-perform.bin", 1);
        assertThat(r.verdict()).isEqualTo(Verdict.COULD_NOT_PERFORM);
        assertThat(r.reason()).contains("stopped at 38%");
    }

    @Test
    void anotherServicingOperationInProgress() {
        assertThat(parse("verifyonly-another-operation.bin", 1).verdict()).isEqualTo(Verdict.ANOTHER_OPERATION_RUNNING);
    }

    @Test
    void repairPendingReboot() {
        assertThat(parse("verifyonly-repair-pending.bin", 1).reason()).contains("restart the server");
    }

    @Test
    void needsElevation() {
        SystemFileCheck.Result r = parse("verifyonly-not-admin.bin", 1);
        assertThat(r.verdict()).isEqualTo(Verdict.NEEDS_ELEVATION);
        assertThat(r.reason()).contains("administrator rights");
    }

    @Test
    void unknownOutputIsReportedWithItsLastLine() {
        SystemFileCheck.Result r = SystemFileCheck.parse("Something new.\r\n".getBytes(StandardCharsets.UTF_16LE), 7);
        assertThat(r.verdict()).isEqualTo(Verdict.UNRECOGNISED);
        assertThat(r.reason()).contains("exit code 7").endsWith("Something new.");
    }

    @Test
    void verifyRunsSfcVerifyOnlyThroughTheRunner() throws Exception {
        RecordedCommandRunner runner = new RecordedCommandRunner().answer("sfc.exe /verifyonly", "sfc/verifyonly-clean.bin", 0);
        assertThat(new SystemFileCheck(runner).verify().clean()).isTrue();
        assertThat(runner.commands.getFirst().args().getLast()).isEqualTo("/verifyonly");
    }
}
