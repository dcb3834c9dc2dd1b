package io.vaultfleet.agent.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.vaultfleet.agent.identity.AgentIdentity;
import io.vaultfleet.agent.outbox.Outbox;
import io.vaultfleet.protocol.AgentPackageSignature;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.UpgradeAvailable;
import io.vaultfleet.protocol.UpgradeResult;
import io.vaultfleet.protocol.identity.AgentKeys;

/**
 * The agent's checks on an offered package, against a local HTTP server standing in for the console's download
 * endpoint (it can serve bytes that differ from what was signed, which a real console never does).
 */
class UpgraderTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicReference<byte[]> served = new AtomicReference<>();
    /** The console's credentials-signing key (the agent trusts it from its credentials file). */
    private final KeyPair consoleKey = AgentKeys.generate();
    /** The console's upgrade key: endorsed by the credentials key, pinned by the agent, signs offers. */
    private final KeyPair upgradeKey = AgentKeys.generate();
    private AgentIdentity identity;
    private Path jar;
    private Path home;
    private Upgrader upgrader;
    private Outbox outbox;

    static byte[] agentJar(String version) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("io/vaultfleet/agent/agent-version.properties"));
            zip.write(("version=" + version + "\n").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    @BeforeEach
    void console() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/agent/package", exchange -> {
            byte[] body = served.get();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        jar = Files.writeString(dir.resolve("fleet-agent.jar"), "installed v1");
        home = Files.createDirectories(dir.resolve("home"));
        identity = AgentIdentity.of(UUID.randomUUID(), "http://127.0.0.1:" + server.getAddress().getPort(),
                "vault", AgentKeys.generate(), Base64.getEncoder().encodeToString(consoleKey.getPublic().getEncoded()), "");
        String announced = encoded(upgradeKey);
        assertThat(new UpgradeKeyPin(home, identity).accept(announced,
                AgentPackageSignature.endorseUpgradeKey(consoleKey.getPrivate(), announced)))
                .isEqualTo(UpgradeKeyPin.Outcome.PINNED);
        outbox = Outbox.in(home);
        upgrader = new Upgrader(jar, home, identity, "0.1.0", HttpClient.newHttpClient(), outbox, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String encoded(KeyPair keys) {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    /** An offer as the console makes it: v1 by the credentials key, v2 by {@code signer} (normally the upgrade key). */
    private UpgradeAvailable offer(String version, byte[] signedBytes, java.security.PrivateKey signer) {
        return offer(version, signedBytes, signer, false);
    }

    private UpgradeAvailable offer(String version, byte[] signedBytes, java.security.PrivateKey signer, boolean rollback) {
        String sha = AgentPackageSignature.sha256(signedBytes);
        return new UpgradeAvailable(version, sha, signedBytes.length,
                AgentPackageSignature.sign(consoleKey.getPrivate(), version, sha),
                AgentPackageSignature.signOffer(signer, version, sha, rollback), rollback);
    }

    private UpgradeResult lastReport() {
        var pending = outbox.pending();
        assertThat(pending).isNotEmpty();
        return (UpgradeResult) new ProtocolCodec().decodeFromAgent(pending.getLast().frame()).message();
    }

    @Test
    void aGoodPackageIsStagedForTheLauncherAndConfirmedAfterTheRestart() throws Exception {
        byte[] next = agentJar("0.2.0");
        served.set(next);
        assertThat(upgrader.onOffer(offer("0.2.0", next, upgradeKey.getPrivate()))).isEqualTo(Upgrader.Decision.RESTART);
        assertThat(dir.resolve("fleet-agent.jar.new")).hasBinaryContent(next);
        assertThat(outbox.pending()).isEmpty();

        // the launcher swapped the files and started the new version
        Files.copy(jar, dir.resolve("fleet-agent.jar.previous"));
        Files.move(dir.resolve("fleet-agent.jar.new"), jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        AgentIdentity identity = AgentIdentity.of(UUID.randomUUID(), "http://x", "vault", AgentKeys.generate(), "", "");
        Upgrader newVersion = new Upgrader(jar, home, identity, "0.2.0", HttpClient.newHttpClient(), outbox, Clock.systemUTC());
        assertThat(newVersion.onStart()).isTrue();
        newVersion.onConnected();
        assertThat(dir.resolve("fleet-agent.jar.previous")).doesNotExist();
        assertThat(lastReport().outcome()).isEqualTo(UpgradeResult.Outcome.UPGRADED);
        assertThat(newVersion.onStart()).as("nothing pending any more").isFalse();
    }

    @Test
    void bytesThatDifferFromTheSignedPackageAreRejected() throws Exception {
        byte[] signed = agentJar("0.2.0");
        byte[] corrupted = signed.clone();
        corrupted[corrupted.length / 2] ^= 0x55;
        served.set(corrupted);
        assertThat(upgrader.onOffer(offer("0.2.0", signed, upgradeKey.getPrivate()))).isEqualTo(Upgrader.Decision.REJECTED);
        assertThat(lastReport().detail()).contains("SHA-256").contains("corrupted");
        assertThat(dir.resolve("fleet-agent.jar.new")).doesNotExist();
        assertThat(jar).hasContent("installed v1");
    }

    @Test
    void anOfferNotSignedByTheRegisteredConsoleIsRejectedWithoutDownloading() throws Exception {
        byte[] next = agentJar("0.2.0");
        served.set(next);
        assertThat(upgrader.onOffer(offer("0.2.0", next, AgentKeys.generate().getPrivate())))
                .isEqualTo(Upgrader.Decision.REJECTED);
        assertThat(lastReport().detail()).contains("not signed by the upgrade key this agent pinned");
    }

    @Test
    void theCredentialsSigningKeyAloneCannotPushAnUpgrade() throws Exception {
        byte[] next = agentJar("0.2.0");
        served.set(next);
        String sha = AgentPackageSignature.sha256(next);
        UpgradeAvailable v1Only = new UpgradeAvailable("0.2.0", sha, next.length,
                AgentPackageSignature.sign(consoleKey.getPrivate(), "0.2.0", sha));
        assertThat(upgrader.onOffer(v1Only)).isEqualTo(Upgrader.Decision.REJECTED);
        assertThat(lastReport().detail()).contains("not signed with an upgrade key");

        assertThat(upgrader.onOffer(offer("0.2.0", next, consoleKey.getPrivate()))).isEqualTo(Upgrader.Decision.REJECTED);
        assertThat(lastReport().detail()).contains("not signed by the upgrade key this agent pinned");
        assertThat(dir.resolve("fleet-agent.jar.new")).doesNotExist();
    }

    @Test
    void anOlderVersionIsRefusedUnlessTheConsoleSignedAnExplicitRollback() throws Exception {
        byte[] older = agentJar("0.0.9");
        served.set(older);
        assertThat(upgrader.onOffer(offer("0.0.9", older, upgradeKey.getPrivate()))).isEqualTo(Upgrader.Decision.REJECTED);
        assertThat(lastReport().detail()).contains("0.0.9 is older than the running 0.1.0")
                .contains("not mark the offer an explicit rollback");

        UpgradeAvailable signedAsUpgrade = offer("0.0.9", older, upgradeKey.getPrivate(), false);
        UpgradeAvailable flagFlipped = new UpgradeAvailable(signedAsUpgrade.version(), signedAsUpgrade.sha256(),
                signedAsUpgrade.sizeBytes(), signedAsUpgrade.signature(), signedAsUpgrade.upgradeSignature(), true);
        assertThat(upgrader.onOffer(flagFlipped)).as("the rollback mark is signed").isEqualTo(Upgrader.Decision.REJECTED);
        assertThat(lastReport().detail()).contains("not signed by the upgrade key");

        assertThat(upgrader.onOffer(offer("0.0.9", older, upgradeKey.getPrivate(), true)))
                .isEqualTo(Upgrader.Decision.RESTART);
        assertThat(dir.resolve("fleet-agent.jar.new")).hasBinaryContent(older);
    }

    @Test
    void withoutAPinnedUpgradeKeyNothingIsInstalled() throws Exception {
        Files.delete(home.resolve(UpgradeKeyPin.FILE));
        byte[] next = agentJar("0.2.0");
        served.set(next);
        assertThat(upgrader.onOffer(offer("0.2.0", next, upgradeKey.getPrivate()))).isEqualTo(Upgrader.Decision.REJECTED);
        assertThat(lastReport().detail()).contains("no upgrade key");
    }

    @Test
    void onlyAKeyEndorsedByTheCredentialsKeyIsPinnedAndThePinnedOneStays() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other-home"));
        UpgradeKeyPin pin = new UpgradeKeyPin(other, identity);
        String stranger = encoded(AgentKeys.generate());
        assertThat(pin.accept(stranger, AgentPackageSignature.endorseUpgradeKey(AgentKeys.generate().getPrivate(), stranger)))
                .isEqualTo(UpgradeKeyPin.Outcome.NOT_ENDORSED);
        assertThat(pin.accept(stranger, null)).isEqualTo(UpgradeKeyPin.Outcome.NOT_ENDORSED);
        assertThat(pin.accept(null, null)).isEqualTo(UpgradeKeyPin.Outcome.NONE_OFFERED);
        assertThat(pin.pinned()).isEmpty();

        UpgradeKeyPin pinned = new UpgradeKeyPin(home, identity);
        assertThat(pinned.accept(stranger, AgentPackageSignature.endorseUpgradeKey(consoleKey.getPrivate(), stranger)))
                .as("even endorsed, a second key does not replace the pinned one")
                .isEqualTo(UpgradeKeyPin.Outcome.DIFFERENT_KEY_REFUSED);
        assertThat(pinned.pinned()).contains(upgradeKey.getPublic());
        assertThat(pinned.accept(encoded(upgradeKey), null)).isEqualTo(UpgradeKeyPin.Outcome.ALREADY_PINNED);
    }

    @Test
    void aRegistrationWithAnotherCredentialsKeyPinsAfresh() throws Exception {
        KeyPair otherConsole = AgentKeys.generate();
        AgentIdentity reRegistered = AgentIdentity.of(UUID.randomUUID(), "http://x", "vault", AgentKeys.generate(),
                encoded(otherConsole), "");
        UpgradeKeyPin pin = new UpgradeKeyPin(home, reRegistered);
        assertThat(pin.pinned()).as("the old pin belongs to the old registration").isEmpty();
        String newKey = encoded(AgentKeys.generate());
        assertThat(pin.accept(newKey, AgentPackageSignature.endorseUpgradeKey(otherConsole.getPrivate(), newKey)))
                .isEqualTo(UpgradeKeyPin.Outcome.PINNED);
        assertThat(new UpgradeKeyPin(home, identity).pinned()).as("and the old registration's pin is gone").isEmpty();
    }

    @Test
    void aPackageWhoseContentIsAnotherVersionIsRejected() throws Exception {
        byte[] other = agentJar("0.9.9");
        served.set(other);
        assertThat(upgrader.onOffer(offer("0.2.0", other, upgradeKey.getPrivate()))).isEqualTo(Upgrader.Decision.REJECTED);
        assertThat(lastReport().detail()).contains("contains version 0.9.9");
    }

    @Test
    void theVersionAlreadyRunningIsIgnored() throws Exception {
        byte[] same = agentJar("0.1.0");
        served.set(same);
        assertThat(upgrader.onOffer(offer("0.1.0", same, upgradeKey.getPrivate()))).isEqualTo(Upgrader.Decision.IGNORED);
    }

    @Test
    void afterARollbackTheOldVersionReportsIt() throws Exception {
        byte[] next = agentJar("0.2.0");
        served.set(next);
        upgrader.onOffer(offer("0.2.0", next, upgradeKey.getPrivate()));
        // the launcher ran 0.2.0, it failed, and it put 0.1.0 back: the old version starts again
        AgentIdentity identity = AgentIdentity.of(UUID.randomUUID(), "http://x", "vault", AgentKeys.generate(), "", "");
        Upgrader old = new Upgrader(jar, home, identity, "0.1.0", HttpClient.newHttpClient(), outbox, Clock.systemUTC());
        assertThat(old.onStart()).isFalse();
        UpgradeResult report = lastReport();
        assertThat(report.outcome()).isEqualTo(UpgradeResult.Outcome.ROLLED_BACK);
        assertThat(report.detail()).contains("0.2.0 did not start");
    }
}
