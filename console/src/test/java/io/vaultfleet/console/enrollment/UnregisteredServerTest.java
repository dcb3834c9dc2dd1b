package io.vaultfleet.console.enrollment;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.downloads.VaultCredentialsService;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.protocol.enrollment.EnrollmentRefusal;
import io.vaultfleet.protocol.enrollment.EnrollmentRequest;
import io.vaultfleet.protocol.enrollment.EnrollmentResult;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.identity.ConnectProof;
import io.vaultfleet.testsupport.RawWebSocket;
import tools.jackson.databind.json.JsonMapper;

/**
 * After <em>Unregister</em> the refusal tells the truth about what the server can do next, and both halves hold: the
 * old registration is refused, the credentials file it used registers it again (as a new server) while that file is
 * valid and not revoked, and a revoked file does not.
 */
@ConsoleTest
class UnregisteredServerTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

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

    private final HttpClient http = HttpClient.newHttpClient();
    private Vault vault;

    @BeforeEach
    void vault() {
        vault = vaults.create("unreg");
    }

    private byte[] download(boolean revokeOlder) {
        return runAs(security, Role.OWNER,
                () -> credentials.issue(vault.id(), "http://127.0.0.1:" + port, revokeOlder).content());
    }

    private HttpResponse<String> enroll(byte[] file, String host, KeyPair keys) throws Exception {
        EnrollmentRequest request = EnrollmentRequest.sign(file, host, "Windows Server 2022", "10.0.20348", "0.1.0",
                keys.getPublic(), keys.getPrivate(), Instant.now());
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/agent/enroll"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String connectRefusal(UUID serverId, KeyPair keys) {
        RawWebSocket.Refused refused = catchThrowableOfType(RawWebSocket.Refused.class,
                () -> RawWebSocket.connect(URI.create("ws://127.0.0.1:" + port + "/agent/ws"), Map.of(ConnectProof.HEADER,
                        ConnectProof.create(serverId, keys.getPrivate(), Instant.now()).toHeader())).close());
        assertThat(refused).as("the connection was accepted").isNotNull();
        assertThat(refused.status()).isEqualTo(401);
        return refused.body();
    }

    private HttpResponse<String> storageRequest(UUID serverId, KeyPair keys) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/agent/storage"))
                        .header(ConnectProof.HEADER, ConnectProof.create(serverId, keys.getPrivate(), Instant.now()).toHeader())
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private EnrollmentResult registeredThenUnregistered(byte[] file, String host, KeyPair keys) throws Exception {
        HttpResponse<String> first = enroll(file, host, keys);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        EnrollmentResult registered = JSON.readValue(first.body(), EnrollmentResult.class);
        assertThat(runAs(security, Role.CONTRIBUTOR, () -> fleet.unregister(registered.serverId(), "moved to new hardware")))
                .isTrue();
        return registered;
    }

    @Test
    void theRefusalSaysTheSameFileRegistersItAgainAsANewServerAndItDoes() throws Exception {
        byte[] file = download(false);
        String host = "srv-" + UUID.randomUUID().toString().substring(0, 8);
        KeyPair keys = AgentKeys.generate();
        EnrollmentResult old = registeredThenUnregistered(file, host, keys);

        String refusal = connectRefusal(old.serverId(), keys);
        assertThat(refusal).contains("server " + host + " was unregistered").contains("moved to new hardware")
                .contains("can no longer connect or get storage access from the console")
                .contains("the file it used still works until it expires unless it was revoked")
                .contains("a new registration").contains("not carried over")
                .doesNotContain("new vault credentials");
        HttpResponse<String> storage = storageRequest(old.serverId(), keys);
        assertThat(storage.statusCode()).as("no storage access from the console either").isEqualTo(401);
        assertThat(storage.body()).contains("was unregistered");

        HttpResponse<String> again = enroll(file, host, AgentKeys.generate());
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        EnrollmentResult renewed = JSON.readValue(again.body(), EnrollmentResult.class);
        assertThat(renewed.serverName()).isEqualTo(host);
        assertThat(renewed.serverId()).as("a new registration").isNotEqualTo(old.serverId());
        assertThat(renewed.reattached()).isFalse();
        assertThat(connectRefusal(old.serverId(), keys)).as("the old registration stays refused").contains("was unregistered");
    }

    @Test
    void onceTheFileIsRevokedItNoLongerRegistersTheServer() throws Exception {
        byte[] file = download(false);
        String host = "srv-" + UUID.randomUUID().toString().substring(0, 8);
        registeredThenUnregistered(file, host, AgentKeys.generate());
        download(true);

        HttpResponse<String> again = enroll(file, host, AgentKeys.generate());
        assertThat(again.statusCode()).as(again.body()).isIn(400, 403);
        assertThat(JSON.readValue(again.body(), EnrollmentRefusal.class).reason()).isEqualTo(EnrollmentRefusal.Reason.REVOKED);
    }
}
