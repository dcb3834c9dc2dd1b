package io.vaultfleet.console.replication;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.TestPropertySource;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.common.StorageSharedKeyCredential;

import io.vaultfleet.agent.cli.FleetAgentCommand;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.downloads.DownloadedFile;
import io.vaultfleet.console.enrollment.EnrollmentService;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.storage.StorageAccessIssuer;
import io.vaultfleet.console.storage.StorageKind;
import io.vaultfleet.console.storage.StorageLocation;
import io.vaultfleet.console.storage.StorageLocationForm;
import io.vaultfleet.console.storage.StorageLocationService;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.enrollment.EnrollmentRefusal;
import io.vaultfleet.protocol.enrollment.EnrollmentRequest;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.vault.CredentialsPurpose;
import io.vaultfleet.protocol.vault.CredentialsVerifier;
import io.vaultfleet.protocol.vault.VaultCredentials;
import io.vaultfleet.testsupport.Azurite;
import picocli.CommandLine;

/**
 * Secondary-region credentials (issue 20): downloaded on a geo-redundant vault with Cross Region Restore on, a
 * restore-only file that the agent's own command line restores from (the secondary copy, the primary wiped, compared
 * byte for byte) and that registers nothing, refused by {@code fleet-agent register} before it connects and by the
 * console's enrollment.
 */
@ConsoleTest
@TestPropertySource(properties = "vaultfleet.replication.initial-delay=1d")
class SecondaryRegionCredentialsTest {
    @Autowired
    Replicator replicator;

    @Autowired
    SecondaryCopies copies;

    @Autowired
    TestVaults vaults;

    @Autowired
    StorageLocationService locations;

    @Autowired
    StorageAccessIssuer issuer;

    @Autowired
    FleetService fleet;

    @Autowired
    EnrollmentService enrollment;

    @Autowired
    SecurityContextHolderStrategy security;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @TempDir
    Path work;

    private record Agent(int exit, String out, String err) {
    }

    /** Runs {@code fleet-agent <args>} as the shell would, in this JVM. */
    private static Agent fleetAgent(String... args) {
        CommandLine command = FleetAgentCommand.subcommandAlone(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exit = command.execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        return new Agent(exit, out.toString(), err.toString());
    }

    private StorageLocation location(StorageLocationForm form) {
        return runAs(security, Role.OWNER, () -> locations.create(form));
    }

    private StorageLocation folder(String dir, UUID pair) throws IOException {
        Path path = Files.createDirectories(work.resolve(dir));
        return location(new StorageLocationForm(name(dir), dir, StorageKind.FOLDER, path.toString(), null, null, pair));
    }

    private static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private FleetService.Enrolled enroll(Vault vault, String host) {
        return (FleetService.Enrolled) fleet.enroll(vault.id(), host, "Linux", "6.1", "0.1.0",
                AgentKeys.encodePublic(AgentKeys.generate().getPublic()));
    }

    private Path source(int seed) throws IOException {
        Path source = Files.createDirectories(work.resolve("source-" + UUID.randomUUID()));
        Files.write(source.resolve("ledger.csv"), ("row," + seed + "\n").repeat(2000).getBytes());
        Files.write(source.resolve("scan.bin"), RepositoryEngine.random(250_000, seed));
        Files.createDirectories(source.resolve("deep/er"));
        Files.write(source.resolve("deep/er/notes.md"), ("# notes " + seed + "\n").getBytes());
        return source;
    }

    private Path save(DownloadedFile file) throws IOException {
        return Files.write(work.resolve(UUID.randomUUID() + "-" + file.fileName()), file.content());
    }

    private Path passphraseFile() throws IOException {
        return Files.writeString(work.resolve("passphrase-" + UUID.randomUUID()),
                new String(RepositoryEngine.PASSPHRASE) + "\n");
    }

    /** Restores the latest point of {@code server} with the file, as an admin on a fresh machine would. */
    private Path restoreWith(Path credentials, String server) throws IOException {
        Path target = work.resolve("restored-" + UUID.randomUUID());
        Agent restore = fleetAgent("restore", "--credentials", credentials.toString(), "--server", server,
                "--passphrase-file", passphraseFile().toString(), "--home",
                Files.createDirectories(work.resolve("home-" + UUID.randomUUID())).toString(), "latest", "--target",
                target.toString());
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("restored recovery point");
        return target;
    }

    private static void assertSameFiles(Path source, Path restoredRoot) throws IOException {
        Map<String, byte[]> expected = RepositoryEngine.state(source);
        Map<String, byte[]> restored = RepositoryEngine.state(restoredRoot.resolve(source.toString().substring(1)));
        assertThat(restored.keySet()).isEqualTo(expected.keySet()).isNotEmpty();
        expected.forEach((file, bytes) -> assertThat(restored.get(file)).as(file).isEqualTo(bytes));
    }

    @Test
    void aFolderVaultsSecondaryRegionCredentialsRestoreEachServerFromTheSecondaryAfterTheSiteIsLost() throws Exception {
        StorageLocation secondary = folder("secondary", null);
        StorageLocation primary = folder("primary", secondary.id());
        Vault vault = vaults.create("geo-crr", primary.id());
        FleetService.Enrolled web = enroll(vault, name("web"));
        FleetService.Enrolled db = enroll(vault, name("db"));
        Path webFiles = source(1);
        Path dbFiles = source(2);
        RepositoryEngine.backUp(issuer.issue(primary.id(), vault.id(), web.server().id()), webFiles, work);
        RepositoryEngine.backUp(issuer.issue(primary.id(), vault.id(), db.server().id()), dbFiles, work);
        assertThat(replicator.replicate(vault.id()).error()).isNull();

        // Cross Region Restore off: disabled with the reason, and refused (audited) if asked anyway
        assertThat(runAs(security, Role.CONTRIBUTOR, () -> copies.whyNoRestoreCredentials(vault.id())))
                .contains("Cross Region Restore is off");
        assertThatThrownBy(() -> runAs(security, Role.CONTRIBUTOR, () -> copies.restoreCredentials(vault.id(), "http://127.0.0.1:8080")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Cross Region Restore is off");
        runAs(security, Role.CONTRIBUTOR, () -> copies.setCrossRegionRestore(vault.id(), true));
        assertThat(runAs(security, Role.CONTRIBUTOR, () -> copies.whyNoRestoreCredentials(vault.id()))).isNull();
        // the role of the registration file's download: a backup operator may restore in the console, not take copies
        assertThat(runAs(security, Role.OPERATOR, () -> copies.mayDownloadRestoreCredentials(vault.id()))).isFalse();
        assertThatThrownBy(() -> runAs(security, Role.OPERATOR, () -> copies.restoreCredentials(vault.id(), "http://127.0.0.1:8080")))
                .isInstanceOf(AccessDeniedException.class);

        DownloadedFile file = runAs(security, Role.CONTRIBUTOR, () -> copies.restoreCredentials(vault.id(), "http://127.0.0.1:8080"));
        assertThat(file.fileName()).startsWith(vault.name() + "_").endsWith("_SecondaryRegion.VaultCredentials");
        VaultCredentials content = CredentialsVerifier.selfContained(Clock.systemUTC()).verify(file.content())
                .credentials();
        assertThat(content.purpose()).isEqualTo(CredentialsPurpose.RESTORE_ONLY);
        assertThat(content.enrollmentSecret()).isEmpty();
        assertThat(content.storageLocation()).isEqualTo(secondary.name());
        assertThat(content.restoreSources()).extracting(s -> s.serverName())
                .containsExactlyInAnyOrder(web.server().name(), db.server().name());
        assertThat(content.restoreSources()).allSatisfy(s -> assertThat(s.repository())
                .startsWith("folder:" + secondary.folderPath()).doesNotContain(primary.folderPath()));
        assertThat(content.expiresAt()).isAfter(Instant.now().plus(java.time.Duration.ofDays(9)));
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'vault.restore-credentials.download'"
                + " and target = :t and outcome = 'SUCCESS'").param("t", "vault:" + vault.id()).query(Long.class)
                .single()).isEqualTo(1);
        Path credentials = save(file);

        deleteTree(Path.of(primary.folderPath()).resolve(vault.id().toString())); // the primary site is lost
        Map<String, byte[]> secondaryBefore = RepositoryEngine.state(Path.of(secondary.folderPath()));
        assertSameFiles(webFiles, restoreWith(credentials, web.server().name()));
        assertSameFiles(dbFiles, restoreWith(credentials, db.server().id().toString()));

        Agent which = fleetAgent("list", "--credentials", credentials.toString(), "--passphrase-file",
                passphraseFile().toString(), "--home", work.resolve("home-list").toString());
        assertThat(which.exit()).isNotZero();
        assertThat(which.err()).contains("choose one with --server").contains(web.server().name())
                .contains(db.server().name());
        Agent backup = fleetAgent("backup", "--credentials", credentials.toString(), "--server", web.server().name(),
                "--passphrase-file", passphraseFile().toString(), "--home", work.resolve("home-b").toString(),
                webFiles.toString());
        assertThat(backup.exit()).isNotZero();
        assertThat(backup.err()).contains("read-only").containsPattern("not (fleet-agent )?backup");
        Map<String, byte[]> secondaryAfter = RepositoryEngine.state(Path.of(secondary.folderPath()));
        assertThat(secondaryAfter.keySet()).as("nothing written to the secondary").isEqualTo(secondaryBefore.keySet());
        secondaryBefore.forEach((n, b) -> assertThat(secondaryAfter.get(n)).as(n).isEqualTo(b));
    }

    @Test
    void theFileRegistersNothingTheAgentRefusesItBeforeConnectingAndTheConsoleRefusesItByItsPurpose()
            throws Exception {
        StorageLocation secondary = folder("secondary", null);
        StorageLocation primary = folder("primary", secondary.id());
        Vault vault = vaults.create("geo-noreg", primary.id());
        FleetService.Enrolled web = enroll(vault, name("web"));
        RepositoryEngine.backUp(issuer.issue(primary.id(), vault.id(), web.server().id()), source(3), work);
        replicator.replicate(vault.id());
        runAs(security, Role.CONTRIBUTOR, () -> copies.setCrossRegionRestore(vault.id(), true));
        // named by a console address nothing listens on: the agent must refuse before trying to connect
        byte[] file = runAs(security, Role.CONTRIBUTOR,
                () -> copies.restoreCredentials(vault.id(), "http://127.0.0.1:1")).content();
        Path saved = Files.write(work.resolve("secondary.VaultCredentials"), file);

        Agent register = fleetAgent("register", "--vault-credentials", saved.toString(), "--home",
                work.resolve("home-reg").toString(), "--passphrase-file", passphraseFile().toString(),
                "--allow-insecure-http");
        assertThat(register.exit()).isNotZero();
        assertThat(register.err()).contains("restore-only").contains("never registers a server")
                .contains("Prepare infrastructure").doesNotContain("Connection refused");
        assertThat(work.resolve("home-reg").resolve("identity.json")).doesNotExist();

        var keys = AgentKeys.generate();
        var decision = enrollment.enroll(EnrollmentRequest.sign(file, name("intruder"), "Linux", "6.1", "0.1.0",
                keys.getPublic(), keys.getPrivate(), Instant.now()), "127.0.0.1");
        assertThat(decision.result()).isNull();
        assertThat(decision.refusal().reason()).isEqualTo(EnrollmentRefusal.Reason.RESTORE_ONLY_CREDENTIALS);
        assertThat(decision.refusal().message()).contains("restore-only").contains(vault.name());
        assertThat(jdbc.sql("select count(*) from registered_server where vault_id = :v").param("v", vault.id())
                .query(Long.class).single()).as("only the one server").isEqualTo(1);
    }

    @Test
    void betweenTwoAzureAccountsTheFileReadsAndListsOneServersContainerOnTheSecondaryOnly() throws Exception {
        Azurite azurite = Azurite.twoRegions();
        StorageLocation secondary = location(new StorageLocationForm(name("west"), "West", StorageKind.AZURE_BLOB,
                null, azurite.secondBlobEndpoint(), Azurite.SECOND_KEY, null));
        StorageLocation primary = location(new StorageLocationForm(name("east"), "East", StorageKind.AZURE_BLOB,
                null, azurite.blobEndpoint(), Azurite.KEY, secondary.id()));
        Vault vault = vaults.create("geo-crr-az", primary.id());
        FleetService.Enrolled web = enroll(vault, name("web"));
        Path files = source(4);
        RepositoryEngine.backUp(issuer.issue(primary.id(), vault.id(), web.server().id()), files, work);
        assertThat(replicator.replicate(vault.id()).error()).isNull();
        runAs(security, Role.CONTRIBUTOR, () -> copies.setCrossRegionRestore(vault.id(), true));
        DownloadedFile file = runAs(security, Role.CONTRIBUTOR, () -> copies.restoreCredentials(vault.id(), "http://127.0.0.1:8080"));
        VaultCredentials content = CredentialsVerifier.selfContained(Clock.systemUTC()).verify(file.content())
                .credentials();
        String repository = content.restoreSources().getFirst().repository();
        String container = StorageAccessIssuer.containerOf(web.server().id());
        assertThat(repository).startsWith("azure:" + azurite.secondBlobEndpoint() + "/" + container + "?")
                .contains("sp=rl");
        assertThat(content.restoreSources().getFirst().expiresAt()).isEqualTo(content.expiresAt());

        new BlobContainerClientBuilder().endpoint(azurite.blobEndpoint()).containerName(container)
                .credential(new StorageSharedKeyCredential(Azurite.ACCOUNT, Azurite.KEY))
                .httpClient(new JdkHttpClientBuilder().build()).buildClient().delete(); // the primary region is lost
        assertSameFiles(files, restoreWith(save(file), web.server().name()));

        String sasUrl = repository.substring("azure:".length());
        var readOnly = new BlobContainerClientBuilder().endpoint(sasUrl).httpClient(new JdkHttpClientBuilder().build())
                .buildClient();
        assertThatThrownBy(() -> readOnly.getBlobClient("packs/00/intruder").upload(BinaryData.fromString("x")))
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
        String config = readOnly.listBlobs().stream().map(b -> b.getName()).filter(n -> n.equals("config"))
                .findFirst().orElseThrow();
        assertThatThrownBy(() -> readOnly.getBlobClient(config).delete())
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
        // scoped to this server's container: the SAS does not open another container of the account
        String query = sasUrl.substring(sasUrl.indexOf('?'));
        var other = new BlobContainerClientBuilder().endpoint(azurite.secondBlobEndpoint() + "/" + container
                + "-deleted" + query).httpClient(new JdkHttpClientBuilder().build()).buildClient();
        assertThatThrownBy(() -> other.listBlobs().stream().count())
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
