package io.vaultfleet.console.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.SimulatedAgent;
import io.vaultfleet.console.TestSecurity;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultFilter;
import io.vaultfleet.console.vault.VaultService;
import io.vaultfleet.protocol.BackupNow;
import io.vaultfleet.protocol.JobOutcome;
import io.vaultfleet.protocol.JobStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * The example script of {@code docs/automation.md}, exactly as written there, run with bash and curl against this
 * console: it creates a vault, waits while an agent (speaking the real protocol over a real WebSocket) registers in
 * it and comes online, starts Back Up Now and follows the job until the agent reports it completed.
 */
@ConsoleTest
class AutomationExampleTest {
    static final Path DOC = Path.of("../docs/automation.md");

    @LocalServerPort
    int port;

    @Autowired
    ApiUsers users;

    @Autowired
    VaultService vaults;

    @Autowired
    FleetService fleet;

    @Autowired
    io.vaultfleet.console.subscription.SubscriptionService subscriptions;

    @Autowired
    Clock clock;

    @Autowired
    SecurityContextHolderStrategy security;

    @TempDir
    Path work;

    static String exampleScript() throws Exception {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("<!-- automation-example:start -->");
        int end = doc.indexOf("<!-- automation-example:end -->");
        assertThat(start).as("docs/automation.md marks its example script").isPositive();
        String block = doc.substring(start, end);
        return block.substring(block.indexOf("```bash\n") + "```bash\n".length(), block.lastIndexOf("```"));
    }

    @Test
    void theDocumentedScriptCreatesAVaultWaitsForAServerAndBacksItUp() throws Exception {
        Path script = work.resolve("example.sh");
        Files.writeString(script, exampleScript());
        String vaultName = "scripted-" + UUID.randomUUID().toString().substring(0, 8);
        String token = users.token(users.global("script", Role.OWNER), Role.OWNER);
        var subscription = TestSecurity.runAs(security, Role.OWNER, () -> subscriptions.createSubscription(
                "Scripted " + vaultName));
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("output.txt").toFile());
        builder.environment().put("SUBSCRIPTION_ID", subscription.id().toString());
        builder.environment().put("VF_URL", "http://127.0.0.1:" + port);
        builder.environment().put("VF_TOKEN", token);
        builder.environment().put("VAULT_NAME", vaultName);
        builder.environment().put("ITEM", "SYSTEM_CONFIGURATION");
        builder.environment().put("POLL_SECONDS", "1");
        builder.environment().put("WAIT_SECONDS", "120");
        Process process = builder.start();
        SimulatedAgent agent = null;
        try {
            // the script made the vault and now waits for a server: one registers and comes online
            Vault vault = await().atMost(Duration.ofSeconds(60)).until(() -> TestSecurity.runAs(security, Role.OWNER,
                    () -> vaults.list(new VaultFilter(vaultName, null, null, null))).stream().findFirst().orElse(null),
                    v -> v != null);
            assertThat(vault.redundancy().name()).isEqualTo("LOCALLY_REDUNDANT");
            assertThat(vault.resourceGroupName()).isEqualTo("rg-" + vaultName);
            agent = SimulatedAgent.enroll(fleet, vault.id(), "scripted-server", port, clock).connect();
            BackupNow request = agent.next(BackupNow.class);
            assertThat(request.item()).isEqualTo("SYSTEM_CONFIGURATION");
            agent.progress(request.jobId(), JobStage.UPLOAD);
            agent.finish(request.jobId(), JobOutcome.COMPLETED, null);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the script ends once the backup has").isTrue();
            String output = Files.readString(work.resolve("output.txt"));
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("Created vault " + vaultName + " (" + vault.id() + ")")
                    .contains("Server " + agent.name() + " is online.")
                    .contains("Back Up Now: job " + request.jobId())
                    .contains("Backup COMPLETED");
        } finally {
            process.destroyForcibly();
            if (agent != null) {
                agent.close();
            }
        }
    }

    @Test
    void theScriptStopsWithTheConsolesMessageWhenTheConsoleRefuses() throws Exception {
        Path script = work.resolve("example.sh");
        Files.writeString(script, exampleScript());
        String token = users.token(users.global("script-reader", Role.READER), Role.READER);
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        builder.environment().put("VF_URL", "http://127.0.0.1:" + port);
        builder.environment().put("VF_TOKEN", token);
        builder.environment().put("VAULT_NAME", "9-not-a-vault-name");
        builder.environment().put("SUBSCRIPTION_ID", TestSecurity.runAs(security, Role.OWNER,
                () -> subscriptions.createSubscription("Refused " + UUID.randomUUID().toString().substring(0, 8))).id()
                .toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(output).contains("POST /api/v1/vaults: 400 Invalid input [name]: The name must start with a letter.");
    }
}
