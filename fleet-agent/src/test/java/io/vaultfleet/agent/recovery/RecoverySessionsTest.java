package io.vaultfleet.agent.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;

import io.vaultfleet.agent.backup.Backup;
import io.vaultfleet.agent.backup.FileOpener;
import io.vaultfleet.agent.backup.RoundTripScenario;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.store.AzureBlobStore;
import io.vaultfleet.agent.store.BlobStore;
import io.vaultfleet.agent.store.FolderStore;
import io.vaultfleet.agent.store.StoreLocation;
import io.vaultfleet.protocol.RecoveryKey;
import io.vaultfleet.protocol.RecoveryOpen;
import io.vaultfleet.protocol.RecoveryOpenResult;
import io.vaultfleet.protocol.RecoveryOpened;
import io.vaultfleet.protocol.SealedPassphrase;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.recovery.RecoveryKeys;
import io.vaultfleet.testsupport.Azurite;

/** Recovery sessions: signed keys, own and another server's backups (folder and Azurite), and every refusal. */
class RecoverySessionsTest {
    @TempDir
    Path work;

    private final KeyPair identity = AgentKeys.generate();
    private final TestClock clock = new TestClock();
    private Path source;

    @BeforeEach
    void source() throws Exception {
        source = work.resolve("src");
        Files.createDirectories(source);
        Files.writeString(source.resolve("a.txt"), "alpha");
    }

    private RecoverySessions sessions(RecoverySessions.OwnRepository own) {
        return new RecoverySessions(data -> AgentKeys.sign(identity.getPrivate(), data), own,
                location -> StoreLocation.parse(location).open(0), clock);
    }

    private String backUpToFolder() throws Exception {
        Path repoPath = work.resolve("other-server");
        Repository repo = Repository.init(new FolderStore(repoPath), RoundTripScenario.PASSPHRASE,
                RoundTripScenario.CHEAP_KDF, "other");
        new Backup(repo, RoundTripScenario.options(source, null, FileOpener.DEFAULT)).run();
        return "folder:" + repoPath;
    }

    private static RecoveryOpen another(String sessionId, String location, SealedPassphrase sealed) {
        return new RecoveryOpen(sessionId, "srv-02", location, null, sealed);
    }

    @Test
    void theSessionKeyIsSignedByTheIdentityKeyOverTheStatement() {
        RecoverySessions sessions = sessions(null);
        RecoveryKey key = sessions.key("s-1");
        assertThat(key.expiresAt()).isEqualTo(clock.instant().plus(RecoverySessions.IDLE));
        assertThat(AgentKeys.verify(identity.getPublic(), RecoveryKeys.statement("s-1", key.publicKey(),
                key.expiresAt()), Base64.getDecoder().decode(key.signature()))).isTrue();
        assertThat(AgentKeys.verify(identity.getPublic(), RecoveryKeys.statement("s-2", key.publicKey(),
                key.expiresAt()), Base64.getDecoder().decode(key.signature()))).as("bound to its session").isFalse();
    }

    @Test
    void anotherServersFolderBackupsOpenReadOnlyWithTheSealedPassphrase() throws Exception {
        String location = backUpToFolder();
        RecoverySessions sessions = sessions(null);
        RecoveryKey key = sessions.key("s-1");
        RecoveryOpened opened = sessions.open(another("s-1", location,
                RecoveryKeys.seal(key.publicKey(), "s-1", RoundTripScenario.PASSPHRASE)));
        assertThat(opened.result()).as(opened.detail()).isEqualTo(RecoveryOpenResult.OPENED);
        BlobStore store = sessions.opened("s-1").orElseThrow().repository().store();
        assertThat(store.list("snapshots/")).hasSize(1);
        assertThatThrownBy(() -> store.put("config", new byte[1])).hasMessageContaining("opened read-only");
        assertThatThrownBy(() -> store.delete("config")).hasMessageContaining("opened read-only");

        sessions.close("s-1");
        assertThat(sessions.opened("s-1")).as("closed: forgotten").isEmpty();
    }

    @Test
    void anotherServersAzureBackupsOpenThroughAReadAndListSas() throws Exception {
        BlobContainerClient container = new BlobServiceClientBuilder()
                .connectionString(Azurite.shared().connectionString())
                .httpClient(new com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder().build())
                .buildClient().getBlobContainerClient("srv-" + UUID.randomUUID());
        container.create();
        String owner = container.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
                new BlobContainerSasPermission().setReadPermission(true).setCreatePermission(true)
                        .setListPermission(true)));
        Repository repo = Repository.init(AzureBlobStore.fromSasUrl(container.getBlobContainerUrl() + "?" + owner),
                RoundTripScenario.PASSPHRASE, RoundTripScenario.CHEAP_KDF, "other");
        new Backup(repo, RoundTripScenario.options(source, null, FileOpener.DEFAULT)).run();
        // what the console grants a restoring server: read and list only
        String readOnly = container.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
                new BlobContainerSasPermission().setReadPermission(true).setListPermission(true)));

        RecoverySessions sessions = sessions(null);
        RecoveryKey key = sessions.key("s-az");
        RecoveryOpened opened = sessions.open(another("s-az", "azure:" + container.getBlobContainerUrl() + "?"
                + readOnly, RecoveryKeys.seal(key.publicKey(), "s-az", RoundTripScenario.PASSPHRASE)));
        assertThat(opened.result()).as(opened.detail()).isEqualTo(RecoveryOpenResult.OPENED);
        assertThat(sessions.opened("s-az").orElseThrow().repository().snapshotIds()).hasSize(1);

        RecoveryKey again = sessions.key("s-az2");
        RecoveryOpened wrong = sessions.open(another("s-az2", "azure:" + container.getBlobContainerUrl() + "?"
                + readOnly, RecoveryKeys.seal(again.publicKey(), "s-az2", "not the passphrase at all".toCharArray())));
        assertThat(wrong.result()).isEqualTo(RecoveryOpenResult.WRONG_PASSPHRASE);
        assertThat(wrong.detail()).doesNotContain(readOnly).doesNotContain("sig=");
    }

    @Test
    void aWrongPassphraseIsSaidInPlainWordsAndNothingIsOpen() throws Exception {
        String location = backUpToFolder();
        long filesBefore;
        try (var walk = Files.walk(work.resolve("other-server"))) {
            filesBefore = walk.count();
        }
        RecoverySessions sessions = sessions(null);
        RecoveryKey key = sessions.key("s-1");
        RecoveryOpened opened = sessions.open(another("s-1", location,
                RecoveryKeys.seal(key.publicKey(), "s-1", "a wrong but long passphrase".toCharArray())));
        assertThat(opened.result()).isEqualTo(RecoveryOpenResult.WRONG_PASSPHRASE);
        assertThat(opened.detail()).isEqualTo("The passphrase does not open the backups of server srv-02. Nothing "
                + "was restored or written; type it again.");
        assertThat(sessions.opened("s-1")).isEmpty();
        try (var walk = Files.walk(work.resolve("other-server"))) {
            assertThat(walk.count()).as("nothing written to the source").isEqualTo(filesBefore);
        }
    }

    @Test
    void aPassphraseSealedToAnotherKeyOrSessionIsAKeyMismatch() throws Exception {
        String location = backUpToFolder();
        RecoverySessions sessions = sessions(null);
        RecoveryKey first = sessions.key("s-1");
        RecoveryKey second = sessions.key("s-2");
        assertThat(sessions.open(another("s-1", location,
                RecoveryKeys.seal(second.publicKey(), "s-1", RoundTripScenario.PASSPHRASE))).result())
                .as("sealed to another session's key").isEqualTo(RecoveryOpenResult.KEY_MISMATCH);
        assertThat(sessions.open(another("s-1", location,
                RecoveryKeys.seal(first.publicKey(), "s-2", RoundTripScenario.PASSPHRASE))).result())
                .as("sealed for another session id").isEqualTo(RecoveryOpenResult.KEY_MISMATCH);
        assertThat(sessions.open(another("s-unknown", location,
                RecoveryKeys.seal(first.publicKey(), "s-unknown", RoundTripScenario.PASSPHRASE))).result())
                .isEqualTo(RecoveryOpenResult.UNKNOWN_SESSION);
    }

    @Test
    void keysAndSessionsExpireAfterThirtyMinutesUnusedButNotWhileAJobRuns() throws Exception {
        String location = backUpToFolder();
        RecoverySessions sessions = sessions(null);
        RecoveryKey key = sessions.key("s-late");
        clock.advance(RecoverySessions.IDLE.plusSeconds(1));
        RecoveryOpened late = sessions.open(another("s-late", location,
                RecoveryKeys.seal(key.publicKey(), "s-late", RoundTripScenario.PASSPHRASE)));
        assertThat(late.result()).isEqualTo(RecoveryOpenResult.KEY_MISMATCH);
        assertThat(late.detail()).contains("expired");

        RecoveryKey idle = sessions.key("s-idle");
        RecoveryKey busy = sessions.key("s-busy");
        assertThat(sessions.open(another("s-idle", location,
                RecoveryKeys.seal(idle.publicKey(), "s-idle", RoundTripScenario.PASSPHRASE))).result())
                .isEqualTo(RecoveryOpenResult.OPENED);
        assertThat(sessions.open(another("s-busy", location,
                RecoveryKeys.seal(busy.publicKey(), "s-busy", RoundTripScenario.PASSPHRASE))).result())
                .isEqualTo(RecoveryOpenResult.OPENED);
        sessions.opened("s-busy").orElseThrow().jobStarted();
        clock.advance(Duration.ofMinutes(29));
        sessions.expireIdle();
        assertThat(sessions.holds("s-idle")).as("29 minutes unused: kept").isTrue();
        clock.advance(Duration.ofMinutes(2));
        sessions.expireIdle();
        assertThat(sessions.holds("s-idle")).as("31 minutes unused: forgotten").isFalse();
        assertThat(sessions.holds("s-busy")).as("a restore runs on it").isTrue();
    }

    @Test
    void ownBackupsOpenWithTheAgentsOwnRepositoryAndItsFailureIsNamed() throws Exception {
        String location = backUpToFolder();
        RecoverySessions sessions = sessions(() -> Repository.open(StoreLocation.parse(location).open(0),
                RoundTripScenario.PASSPHRASE));
        RecoveryOpened opened = sessions.open(new RecoveryOpen("s-own", "srv-01", null, null, null));
        assertThat(opened.result()).isEqualTo(RecoveryOpenResult.OPENED);
        assertThat(sessions.opened("s-own")).isPresent();

        RecoverySessions unreachable = sessions(() -> {
            throw new java.io.IOException("https://acct.blob.core.windows.net/srv?sv=2024&sig=SECRET unreachable");
        });
        RecoveryOpened failed = unreachable.open(new RecoveryOpen("s-own", "srv-01", null, null, null));
        assertThat(failed.result()).isEqualTo(RecoveryOpenResult.STORAGE_UNREACHABLE);
        assertThat(failed.detail()).contains("unreachable").doesNotContain("SECRET");
    }
}
