package io.vaultfleet.console.enrollment;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.bean.override.convention.TestBean;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.OffsetClock;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.downloads.VaultCredentialsService;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.Hello;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.Welcome;
import io.vaultfleet.protocol.enrollment.EnrollmentRefusal;
import io.vaultfleet.protocol.enrollment.EnrollmentRequest;
import io.vaultfleet.protocol.enrollment.EnrollmentResult;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.identity.ConnectProof;
import io.vaultfleet.protocol.vault.CredentialsSigner;
import io.vaultfleet.protocol.vault.VaultCredentials;
import io.vaultfleet.testsupport.RawWebSocket;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /agent/enroll} with real vault credentials files from this console, and every way they can be wrong. */
@ConsoleTest
class EnrollmentTest {
    private static final OffsetClock CLOCK = new OffsetClock();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TestBean(name = "clock", methodName = "offsetClock")
    Clock clock;

    static Clock offsetClock() {
        return CLOCK;
    }

    @LocalServerPort
    int port;

    @Autowired
    SecurityContextHolderStrategy security;

    @Autowired
    TestVaults vaults;

    @Autowired
    VaultCredentialsService credentials;

    @Autowired
    FleetService fleet;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private Vault vault;

    @BeforeEach
    void vault() {
        vault = vaults.create("enroll");
    }

    @AfterEach
    void resetClock() {
        CLOCK.reset();
    }

    private byte[] download(boolean revokeOlder) {
        return runAs(security, Role.OWNER,
                () -> credentials.issue(vault.id(), "http://127.0.0.1:" + port, revokeOlder).content());
    }

    private EnrollmentRequest request(byte[] file, String host, KeyPair keys) {
        return EnrollmentRequest.sign(file, host, "Windows Server 2022", "10.0.20348", "0.1.0", keys.getPublic(),
                keys.getPrivate(), CLOCK.instant());
    }

    private HttpResponse<String> post(Object body) throws Exception {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/agent/enroll"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private EnrollmentRefusal refused(HttpResponse<String> response, EnrollmentRefusal.Reason reason) {
        assertThat(response.statusCode()).as(response.body()).isIn(400, 403);
        EnrollmentRefusal refusal = JSON.readValue(response.body(), EnrollmentRefusal.class);
        assertThat(refusal.reason()).as(refusal.message()).isEqualTo(reason);
        return refusal;
    }

    private String host() {
        return "srv-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aFreshFileRegistersTheServerAndItsKeyThenConnects() throws Exception {
        KeyPair keys = AgentKeys.generate();
        String host = host();
        HttpResponse<String> response = post(request(download(false), host, keys));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        EnrollmentResult result = JSON.readValue(response.body(), EnrollmentResult.class);
        assertThat(result.serverName()).isEqualTo(host);
        assertThat(result.vaultName()).isEqualTo(vault.name());
        assertThat(result.reattached()).isFalse();

        try (RawWebSocket ws = RawWebSocket.connect(URI.create("ws://127.0.0.1:" + port + "/agent/ws"),
                Map.of(ConnectProof.HEADER, ConnectProof.create(result.serverId(), keys.getPrivate(), Instant.now()).toHeader()))) {
            ProtocolCodec codec = new ProtocolCodec();
            ws.send(codec.encode(new Hello("0.1.0", host, "Windows Server 2022", "10.0.20348", 1)));
            Welcome welcome = (Welcome) codec.decodeFromConsole(ws.next(Duration.ofSeconds(10))).message();
            assertThat(welcome.serverId()).isEqualTo(result.serverId().toString());
        }
    }

    @Test
    void anExpiredFileIsRefused() throws Exception {
        byte[] file = download(false);
        CLOCK.advance(VaultCredentials.DEFAULT_VALIDITY.plusHours(1));
        assertThat(refused(post(request(file, host(), AgentKeys.generate())), EnrollmentRefusal.Reason.EXPIRED).message())
                .contains("expired");
    }

    @Test
    void aTamperedFileIsRefused() throws Exception {
        var envelope = (tools.jackson.databind.node.ObjectNode) JSON.readTree(download(false));
        String payload = new String(java.util.Base64.getUrlDecoder().decode(envelope.get("payload").asString()));
        // move the file to another vault after it was signed
        String changed = payload.replace(vault.id().toString(), UUID.randomUUID().toString());
        envelope.put("payload", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(changed.getBytes()));
        byte[] tampered = JSON.writeValueAsBytes(envelope);
        assertThat(refused(post(request(tampered, host(), AgentKeys.generate())), EnrollmentRefusal.Reason.TAMPERED)
                .message()).contains("changed after it was signed");
    }

    @Test
    void aRevokedFileIsRefused() throws Exception {
        byte[] first = download(false);
        download(true);
        refused(post(request(first, host(), AgentKeys.generate())), EnrollmentRefusal.Reason.REVOKED);
    }

    @Test
    void aFileFromAnotherConsoleIsRefused() throws Exception {
        VaultCredentials foreign = new VaultCredentials(UUID.randomUUID(), vault.id(), vault.name(),
                vault.subscriptionId(), "Sub", "rg", "local", URI.create("http://127.0.0.1:" + port), "",
                "x".repeat(43), Instant.now(), Instant.now().plus(Duration.ofDays(10)));
        byte[] file = new CredentialsSigner(CredentialsSigner.generateKeyPair()).sign(foreign);
        refused(post(request(file, host(), AgentKeys.generate())), EnrollmentRefusal.Reason.UNKNOWN_KEY);
    }

    @Test
    void aReplayedRequestIsRefusedAndAudited() throws Exception {
        EnrollmentRequest once = request(download(false), host(), AgentKeys.generate());
        assertThat(post(once).statusCode()).isEqualTo(200);
        refused(post(once), EnrollmentRefusal.Reason.REPLAYED);
        long denied = jdbc.sql("select count(*) from audit_event where action = 'server.register' and outcome = 'DENIED'"
                + " and detail like 'REPLAYED%'").query(Long.class).single();
        assertThat(denied).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aRequestNotSignedByItsKeyIsRefused() throws Exception {
        EnrollmentRequest signed = request(download(false), "honest-host", AgentKeys.generate());
        EnrollmentRequest forged = new EnrollmentRequest(signed.credentials(), "other-host", signed.osName(),
                signed.osVersion(), signed.agentVersion(), signed.publicKey(), signed.time(), signed.nonce(), signed.signature());
        refused(post(forged), EnrollmentRefusal.Reason.PROOF_INVALID);
    }

    @Test
    void aServerWithAWrongClockIsToldBy() throws Exception {
        byte[] file = download(false);
        KeyPair keys = AgentKeys.generate();
        EnrollmentRequest late = EnrollmentRequest.sign(file, host(), "Linux", "6.1", "0.1.0", keys.getPublic(),
                keys.getPrivate(), CLOCK.instant().minus(Duration.ofMinutes(30)));
        assertThat(refused(post(late), EnrollmentRefusal.Reason.CLOCK_SKEW).message()).contains("behind");
    }

    @Test
    void aSecondServerCannotTakeAnExistingNameUntilAnOwnerAllowsReregistration() throws Exception {
        String host = host();
        KeyPair original = AgentKeys.generate();
        EnrollmentResult first = JSON.readValue(post(request(download(false), host, original)).body(), EnrollmentResult.class);

        KeyPair reinstalled = AgentKeys.generate();
        assertThat(refused(post(request(download(false), host, reinstalled)), EnrollmentRefusal.Reason.NAME_TAKEN).message())
                .contains("already registered");

        runAs(security, Role.OWNER, () -> {
            fleet.allowReregistration(first.serverId(), Duration.ofHours(24));
            return null;
        });
        HttpResponse<String> again = post(request(download(false), host, reinstalled));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        EnrollmentResult reattached = JSON.readValue(again.body(), EnrollmentResult.class);
        assertThat(reattached.serverId()).isEqualTo(first.serverId());
        assertThat(reattached.reattached()).isTrue();

        RawWebSocket.Refused oldKey = org.assertj.core.api.Assertions.catchThrowableOfType(RawWebSocket.Refused.class,
                () -> RawWebSocket.connect(URI.create("ws://127.0.0.1:" + port + "/agent/ws"), Map.of(ConnectProof.HEADER,
                        ConnectProof.create(first.serverId(), original.getPrivate(), Instant.now()).toHeader())).close());
        assertThat(oldKey.body()).contains("not signed by the key registered");
    }

    @Test
    void unreadableAndOversizedRequestsAreRefused() throws Exception {
        refused(post("{\"credentials\": 12, \"hostName\": ["), EnrollmentRefusal.Reason.MALFORMED);
        HttpResponse<String> big = post("{\"credentials\":\"" + "A".repeat(300_000) + "\"}");
        assertThat(big.statusCode()).isEqualTo(413);
        refused(post(new EnrollmentRequest("", "bad host name!", "x", "y", "0.1.0", "k", 1, "n", "s")),
                EnrollmentRefusal.Reason.MALFORMED);
    }

    @Test
    void fieldsLongerThanTheConsoleKeepsAreRefusedNotStored() throws Exception {
        KeyPair keys = AgentKeys.generate();
        byte[] file = download(false);
        EnrollmentRequest longOs = EnrollmentRequest.sign(file, host(), "W".repeat(129), "10", "0.1.0",
                keys.getPublic(), keys.getPrivate(), CLOCK.instant());
        HttpResponse<String> response = post(longOs);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(refused(response, EnrollmentRefusal.Reason.MALFORMED).message()).contains("osName").contains("128");
        EnrollmentRequest longVersion = EnrollmentRequest.sign(file, host(), "Linux", "6.1", "0.1.0-" + "x".repeat(64),
                keys.getPublic(), keys.getPrivate(), CLOCK.instant());
        assertThat(refused(post(longVersion), EnrollmentRefusal.Reason.MALFORMED).message()).contains("agentVersion");
    }

    @Test
    void aNewlineInTheHostNameForgesNoLogLineAndNoAuditEntry() throws Exception {
        var appender = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        appender.start();
        var loggers = java.util.List.of((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(EnrollmentService.class),
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("audit"));
        loggers.forEach(l -> l.addAppender(appender));
        String marker = UUID.randomUUID().toString();
        try {
            String forged = "srv-" + marker + "\n2026-12-07T01:00:00.000Z  INFO 1 --- [main] audit : admin vault.delete";
            refused(post(request(download(false), forged, AgentKeys.generate())),
                    EnrollmentRefusal.Reason.MALFORMED);
        } finally {
            loggers.forEach(l -> l.detachAppender(appender));
        }
        assertThat(appender.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .filteredOn(line -> line.contains(marker)).isNotEmpty()
                .allSatisfy(line -> assertThat(line).doesNotContain("\n").contains("srv-" + marker + "\\n2026"));
        var audited = jdbc.sql("select target || ' ' || coalesce(detail, '') from audit_event where target like :t")
                .param("t", "host:srv-" + marker + "%").query(String.class).list();
        assertThat(audited).hasSize(1);
        assertThat(audited.getFirst()).doesNotContain("\n").contains("srv-" + marker + "\\n2026");
    }

    @Test
    void aForeignHostHeaderNeverEndsUpInACredentialsFile() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> runAs(security, Role.OWNER,
                        () -> credentials.issue(vault.id(), "http://evil.example:" + port, false)))
                .isInstanceOf(io.vaultfleet.console.platform.InvalidInputException.class)
                .hasMessageContaining("'evil.example'").hasMessageContaining("vaultfleet.public-url");
        assertThat(runAs(security, Role.OWNER, () -> credentials.activeCount(vault.id()))).isZero();
    }
}
