package io.vaultfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.testsupport.Browser;
import io.vaultfleet.testsupport.FreePorts;
import io.vaultfleet.testsupport.ManagedProcess;
import io.vaultfleet.testsupport.pages.AccountPage;
import io.vaultfleet.testsupport.pages.LoginPage;
import io.vaultfleet.testsupport.pages.VaultsPage;
import tools.jackson.databind.json.JsonMapper;

/**
 * The example script of {@code docs/automation.md}, as written there, with bash, curl and jq against a console
 * process and a real agent: an access token made in My account, the script creates the vault, the admin registers a
 * server with the vault's credentials file, the script sees it online, runs Back Up Now and waits until the agent
 * has completed the backup.
 */
class AutomationEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path work;

    private ConsoleProcess console;
    private Browser browser;
    private ManagedProcess script;
    private ManagedProcess agent;

    @AfterEach
    void stopEverything() {
        for (AutoCloseable c : new AutoCloseable[] {script, agent, browser, console}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void theDocumentedScriptCreatesAVaultWaitsForARealAgentAndBacksItUp() throws Exception {
        Files.createDirectories(work.resolve("console-data"));
        console = ConsoleProcess.start("console", FreePorts.next(), work.resolve("console-data"));
        String url = console.baseUrl().replaceAll("/$", "");
        browser = Browser.start(console.baseUrl());
        LoginPage.open(browser).signIn("admin", console.printedAdminPassword());
        String token = AccountPage.open(browser).createToken("e2e automation", "Owner");
        assertThat(token).startsWith("vft_");
        HttpClient http = HttpClient.newHttpClient();
        String subscriptionId = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/subscriptions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Scripted\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("id").asString();

        Path data = Files.createDirectories(work.resolve("data"));
        Files.writeString(data.resolve("report.txt"), "quarterly figures\n".repeat(1000));
        Path example = work.resolve("example.sh");
        Files.writeString(example, exampleScript());
        script = ManagedProcess.start("automation-script", List.of("bash", example.toString()), work, Map.of(
                "VF_URL", url, "VF_TOKEN", token, "SUBSCRIPTION_ID", subscriptionId, "VAULT_NAME", "scripted-vault",
                "ITEM", "FILES_AND_FOLDERS", "BACKUP_PATHS", data.toString(), "POLL_SECONDS", "1",
                "WAIT_SECONDS", "300"));

        // the script created the vault and waits for a server: the admin registers one with its credentials file
        await().atMost(Duration.ofSeconds(60)).until(() -> script.output().contains("Created vault scripted-vault"));
        Path credentials = VaultsPage.open(browser).openVault("scripted-vault").backupGoal()
                .chooseGoal("On-premises", "Files and folders").downloadCredentials(false);
        Path passphrase = work.resolve("passphrase.txt");
        Files.writeString(passphrase, "a long enough passphrase for scripts");
        Path home = work.resolve("agent-home");
        ManagedProcess register = AgentProcess.runToEnd("register-scripted", work, "register", "--vault-credentials",
                credentials.toString(), "--home", home.toString(), "--passphrase-file", passphrase.toString(),
                "--allow-insecure-http", "--host-name", "scripted-server");
        assertThat(register.waitForExit(Duration.ofSeconds(60))).as(register.output()).isZero();
        agent = AgentProcess.run("agent-scripted", null, home, null);

        assertThat(script.waitForExit(Duration.ofSeconds(240))).as(script.output()).isZero();
        assertThat(script.output()).contains("Server scripted-server is online.").contains("Back Up Now: job ")
                .contains("Backup COMPLETED: recovery point ");
    }

    static String exampleScript() throws Exception {
        String doc = Files.readString(Path.of("../docs/automation.md"));
        String block = doc.substring(doc.indexOf("<!-- automation-example:start -->"),
                doc.indexOf("<!-- automation-example:end -->"));
        return block.substring(block.indexOf("```bash\n") + "```bash\n".length(), block.lastIndexOf("```"));
    }
}
