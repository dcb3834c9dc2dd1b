package io.vaultfleet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.protocol.vault.CredentialsPurpose;
import io.vaultfleet.protocol.vault.CredentialsSigner;
import io.vaultfleet.protocol.vault.RestoreSource;
import io.vaultfleet.protocol.vault.VaultCredentials;

/**
 * {@code --credentials FILE}: a secondary-region (restore-only) file opens the server copy it names, read-only; the
 * agent refuses it for registration before connecting, refuses a registration file, an unknown server and write
 * commands, each with its reason. (The console's side, with a real secondary copy: SecondaryRegionCredentialsTest.)
 */
class RestoreCredentialsCommandTest {
    private static final CredentialsSigner SIGNER = new CredentialsSigner(CredentialsSigner.generateKeyPair());

    @TempDir
    Path dir;

    private Path file(VaultCredentials credentials) throws Exception {
        return Files.write(dir.resolve(UUID.randomUUID() + ".VaultCredentials"), SIGNER.sign(credentials));
    }

    private static VaultCredentials restoreOnly(List<RestoreSource> sources, Instant expires) {
        Instant issued = expires.minus(Duration.ofDays(10));
        return new VaultCredentials(UUID.randomUUID(), UUID.randomUUID(), "prod-vault", UUID.randomUUID(), "Prod", "rg",
                "west", URI.create("http://127.0.0.1:1"), "", "", issued, expires, CredentialsPurpose.RESTORE_ONLY,
                sources);
    }

    private RestoreSource source(String name, String repo, Instant expires) {
        return new RestoreSource(UUID.randomUUID(), name, repo, expires);
    }

    @Test
    void listsAndRestoresTheNamedServersCopyWithThatServersPassphrase() throws Exception {
        Path passphrase = Files.writeString(dir.resolve("pass"), "the other server's passphrase");
        String repo = "folder:" + dir.resolve("copy");
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "alpha");
        assertThat(CliRunner.run("init", "--repo", repo, "--passphrase-file", passphrase.toString(), "--kdf-memory",
                "1024", "--kdf-iterations", "1").exitCode()).isZero();
        assertThat(CliRunner.run("backup", "--repo", repo, "--passphrase-file", passphrase.toString(), "--home",
                dir.resolve("home").toString(), src.toString()).exitCode()).isZero();
        Instant expires = Instant.now().plus(Duration.ofDays(5));
        Path credentials = file(restoreOnly(List.of(source("web-01", repo, expires),
                source("db-01", "folder:" + dir.resolve("elsewhere"), expires)), expires));

        CliRunner list = CliRunner.run("list", "--credentials", credentials.toString(), "--server", "WEB-01",
                "--passphrase-file", passphrase.toString(), "--home", dir.resolve("h2").toString());
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains(src.toString());
        CliRunner restore = CliRunner.run("restore", "--credentials", credentials.toString(), "--server", "web-01",
                "--passphrase-file", passphrase.toString(), "--home", dir.resolve("h2").toString(), "latest",
                "--target", dir.resolve("out").toString());
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(Files.readString(dir.resolve("out").resolve(src.toString().substring(1)).resolve("a.txt")))
                .isEqualTo("alpha");

        CliRunner unknown = CliRunner.run("list", "--credentials", credentials.toString(), "--server", "mail-01",
                "--passphrase-file", passphrase.toString());
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("no server 'mail-01'").contains("db-01, web-01");
        CliRunner both = CliRunner.run("list", "--credentials", credentials.toString(), "--repo", repo,
                "--passphrase-file", passphrase.toString());
        assertThat(both.err()).contains("--repo or --credentials, not both");
        CliRunner init = CliRunner.run("init", "--credentials", credentials.toString(), "--server", "web-01",
                "--passphrase-file", passphrase.toString());
        assertThat(init.exitCode()).isNotZero();
        assertThat(init.err()).contains("read-only");
    }

    @Test
    void registerRefusesARestoreOnlyFileBeforeConnecting() throws Exception {
        Instant expires = Instant.now().plus(Duration.ofDays(5));
        Path credentials = file(restoreOnly(List.of(source("web-01", "folder:/x", expires)), expires));
        Path passphrase = Files.writeString(dir.resolve("pass"), "a passphrase long enough");
        CliRunner register = CliRunner.run("register", "--vault-credentials", credentials.toString(), "--home",
                dir.resolve("home").toString(), "--passphrase-file", passphrase.toString(), "--allow-insecure-http");
        assertThat(register.exitCode()).isNotZero();
        assertThat(register.err()).contains("restore-only").contains("never registers a server")
                .doesNotContain("onnect");
    }

    @Test
    void aRegistrationFileOrAnExpiredAccessIsRefusedWithTheReason() throws Exception {
        Instant now = Instant.now();
        Path registration = file(new VaultCredentials(UUID.randomUUID(), UUID.randomUUID(), "prod-vault",
                UUID.randomUUID(), "Prod", "rg", "east", URI.create("http://127.0.0.1:1"), "", "s".repeat(43),
                now.minusSeconds(60), now.plus(Duration.ofDays(5))));
        CliRunner wrongKind = CliRunner.run("list", "--credentials", registration.toString(), "--passphrase-file",
                registration.toString());
        assertThat(wrongKind.exitCode()).isNotZero();
        assertThat(wrongKind.err()).contains("vault credentials for registering a server")
                .contains("Cross Region Restore");

        Path expiredSource = file(restoreOnly(List.of(source("web-01", "folder:/x", now.minusSeconds(5))),
                now.plus(Duration.ofDays(1))));
        CliRunner expired = CliRunner.run("list", "--credentials", expiredSource.toString(), "--passphrase-file",
                expiredSource.toString());
        assertThat(expired.exitCode()).isNotZero();
        assertThat(expired.err()).contains("web-01's copy expired");
    }
}
