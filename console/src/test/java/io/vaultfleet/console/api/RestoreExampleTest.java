package io.vaultfleet.console.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.TestSecurity;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.ServerStatus;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.BrowseFolder;
import io.vaultfleet.protocol.ConflictPolicy;
import io.vaultfleet.protocol.EntryKind;
import io.vaultfleet.protocol.FolderEntry;
import io.vaultfleet.protocol.FolderPage;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobOutcome;
import io.vaultfleet.protocol.RecoveryOpen;
import io.vaultfleet.protocol.RecoveryOpenResult;
import io.vaultfleet.protocol.RecoveryOpened;
import io.vaultfleet.protocol.RecoveryPointCreated;
import io.vaultfleet.protocol.RestoreStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * The restore script of {@code docs/automation.md}, exactly as written there, run with bash, curl and jq against this
 * console: it finds the server's newest recovery point, lists its top level through the agent, starts a restore of
 * one folder into another and follows the job until the agent (speaking the real protocol) reports it.
 */
@ConsoleTest
class RestoreExampleTest {
    @LocalServerPort
    int port;

    @Autowired
    ApiUsers users;

    @Autowired
    TestVaults vaults;

    @Autowired
    FleetService fleet;

    @Autowired
    Clock clock;

    @Autowired
    SecurityContextHolderStrategy security;

    @TempDir
    Path work;

    static String restoreScript() throws Exception {
        String doc = Files.readString(AutomationExampleTest.DOC);
        int start = doc.indexOf("<!-- restore-example:start -->");
        int end = doc.indexOf("<!-- restore-example:end -->");
        assertThat(start).as("docs/automation.md marks its restore script").isPositive();
        String block = doc.substring(start, end);
        return block.substring(block.indexOf("```bash\n") + "```bash\n".length(), block.lastIndexOf("```"));
    }

    private Process run(String token, UUID serverId, Path output) throws Exception {
        Path script = work.resolve("restore.sh");
        Files.writeString(script, restoreScript());
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("VF_URL", "http://127.0.0.1:" + port);
        builder.environment().put("VF_TOKEN", token);
        builder.environment().put("SERVER_ID", serverId.toString());
        builder.environment().put("RESTORE_PATH", "/srv/data");
        builder.environment().put("DESTINATION", "/restore/here");
        builder.environment().put("POLL_SECONDS", "1");
        return builder.start();
    }

    @Test
    void theDocumentedScriptRestoresAFolderAndWaitsForTheJob() throws Exception {
        Vault vault = vaults.create("rscript");
        String token = users.token(users.scoped("rscript", Role.OPERATOR, vault.path()), null, Role.OPERATOR, null);
        try (SimulatedAgent agent = SimulatedAgent.enroll(fleet, vault.id(), "rscript-srv", port, clock).connect()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> TestSecurity.runAs(security, Role.READER,
                    () -> fleet.find(agent.id())).orElseThrow().status() == ServerStatus.ONLINE);
            agent.deliver(new RecoveryPointCreated(UUID.randomUUID().toString(), "rp-script", "FILES_AND_FOLDERS",
                    Instant.parse("2026-11-02T22:00:00Z"), 3, 3_000, 1_000, 0, List.of("pack-rp-script")));
            Path output = work.resolve("output.txt");
            Process process = run(token, agent.id(), output);
            try {
                RecoveryOpen open = agent.next(RecoveryOpen.class);
                agent.send(new RecoveryOpened(open.sessionId(), RecoveryOpenResult.OPENED, ""));
                BrowseFolder browse = agent.next(BrowseFolder.class);
                assertThat(browse.recoveryPointId()).isEqualTo("rp-script");
                agent.send(new FolderPage(browse.requestId(), browse.sessionId(), List.of(
                        new FolderEntry("data", "/srv/data", EntryKind.FOLDER, 0, null)), null, null));
                RestoreStart start = agent.next(RestoreStart.class);
                assertThat(start.items()).containsExactly("/srv/data");
                assertThat(start.destination()).isEqualTo("/restore/here");
                assertThat(start.conflict()).isEqualTo(ConflictPolicy.CREATE_COPIES);
                agent.deliver(new JobFinished(UUID.randomUUID().toString(), start.jobId(), JobOutcome.COMPLETED, "",
                        "rp-script", 3, 3_000, 0, List.of(), 0));
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the script ends once the restore has").isTrue();
                String text = Files.readString(output);
                assertThat(process.exitValue()).as(text).isZero();
                assertThat(text).contains("Newest recovery point: rp-script.").contains("  FOLDER /srv/data")
                        .contains("Restore: job " + start.jobId()).contains("Restore COMPLETED");
            } finally {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void theScriptStopsWithTheConsolesMessageForAReader() throws Exception {
        Vault vault = vaults.create("rscript");
        String token = users.token(users.global("rscript-reader", Role.READER), Role.READER);
        try (SimulatedAgent agent = SimulatedAgent.enroll(fleet, vault.id(), "rscript-ro", port, clock).connect()) {
            agent.deliver(new RecoveryPointCreated(UUID.randomUUID().toString(), "rp-ro", "FILES_AND_FOLDERS",
                    Instant.parse("2026-11-02T22:00:00Z"), 3, 3_000, 1_000, 0, List.of("pack-rp-ro")));
            Path output = work.resolve("refused.txt");
            Process process = run(token, agent.id(), output);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(1);
            assertThat(Files.readString(output)).contains("GET /api/v1/servers/" + agent.id()
                    + "/recovery-points/rp-ro/items?limit=500: 403 Forbidden: " + RestoreApiTest.OPERATOR_NEEDED);
        }
    }
}
