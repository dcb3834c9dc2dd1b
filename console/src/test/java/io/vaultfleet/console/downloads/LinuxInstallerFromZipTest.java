package io.vaultfleet.console.downloads;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestSecurity;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.ServerQuery;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.vault.Vault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * The zip that Prepare infrastructure offers, used as a Linux admin would: unpacked, its {@code linux/install.sh}
 * run into a scratch root against this console on plain HTTP (its default). Without {@code --allow-insecure-http}
 * the installer says what to add; with it the server registers and the unit is written under the root.
 */
@ConsoleTest
class LinuxInstallerFromZipTest {
    private static final String PASSPHRASE = "zip-installer-passphrase-0123456789";

    @LocalServerPort int port;
    @Autowired TestVaults testVaults;
    @Autowired AgentPackageService agent;
    @Autowired VaultCredentialsService credentials;
    @Autowired FleetService fleet;
    @Autowired SecurityContextHolderStrategy security;

    @Test
    void theZipsLinuxInstallerRegistersWithAPlainHttpConsoleWhenAllowed(@TempDir Path dir) throws Exception {
        assertThat(TestSecurity.runAs(security, Role.READER, agent::available)).as("the console must be built with the agent package (fleet-agent all jar)")
                .isTrue();
        Vault vault = testVaults.create("zip-linux");
        String console = "http://127.0.0.1:" + port;
        DownloadedFile zip = TestSecurity.runAs(security, Role.OWNER,
                () -> agent.download(AgentPackageService.Edition.LINUX, vault.id(), console));
        assertThat(zip.fileName()).endsWith("-linux.zip");
        Path unpacked = unzip(zip.content(), dir.resolve("download"));
        Path credentialsFile = dir.resolve("vault.VaultCredentials");
        Files.write(credentialsFile, TestSecurity.runAs(security, Role.OWNER,
                () -> credentials.issue(vault.id(), console, false)).content());
        Path passphrase = Files.writeString(dir.resolve("passphrase.txt"), PASSPHRASE + "\n");
        Path root = Files.createDirectories(dir.resolve("root"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Result refused = install(unpacked, List.of("--root", root.toString(), "--console", console,
                "--vault-credentials", credentialsFile.toString(), "--passphrase-file", passphrase.toString(),
                "--java", java));
        assertThat(refused.code()).isNotZero();
        assertThat(refused.output()).contains("is on plain http://: add --allow-insecure-http");
        assertThat(root.resolve("opt")).doesNotExist();

        Result installed = install(unpacked, List.of("--root", root.toString(), "--console", console,
                "--vault-credentials", credentialsFile.toString(), "--passphrase-file", passphrase.toString(),
                "--java", java, "--allow-insecure-http"));
        assertThat(installed.code()).as(installed.output()).isZero();
        assertThat(installed.output()).contains("installed into " + root);

        assertThat(root.resolve("opt/vaultfleet-agent/fleet-agent.jar")).isRegularFile();
        assertThat(Files.isExecutable(root.resolve("opt/vaultfleet-agent/agent-loop.sh"))).isTrue();
        String unit = Files.readString(root.resolve("etc/systemd/system/vaultfleet-agent.service"));
        assertThat(unit).as("the unit names the folders as the installed system sees them")
                .contains("ExecStart=/opt/vaultfleet-agent/agent-loop.sh " + java
                        + " /opt/vaultfleet-agent/fleet-agent.jar run --console " + console
                        + " --home /var/lib/vaultfleet-agent")
                .doesNotContain("@");
        try (var cache = Files.list(root.resolve("var/lib/vaultfleet-agent"))) {
            assertThat(cache.toList()).as("the registration is kept in the cache folder").isNotEmpty();
        }
        List<RegisteredServer> servers = TestSecurity.runAs(security, Role.READER,
                () -> fleet.list(ServerQuery.inVault(vault.id()), 0, 10));
        assertThat(servers).as("the server is registered with the vault").hasSize(1);
    }

    private record Result(int code, String output) {
    }

    private static Result install(Path unpacked, List<String> options) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", unpacked.resolve("linux/install.sh").toString()));
        command.addAll(options);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("install.sh finished").isTrue();
        return new Result(process.exitValue(), output);
    }

    /** Unpacks the zip's single top folder (VaultFleetAgent-VERSION-linux) into {@code target}. */
    private static Path unzip(byte[] content, Path target) throws IOException {
        Path top = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(content))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path file = target.resolve(e.getName()).normalize();
                assertThat(file.startsWith(target)).isTrue();
                top = target.resolve(Path.of(e.getName()).getName(0));
                Files.createDirectories(file.getParent());
                Files.copy(in, file);
            }
        }
        assertThat(top).isNotNull();
        return top;
    }
}
