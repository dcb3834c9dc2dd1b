package io.vaultfleet.console.downloads;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.identity.ConnectProof;

/** {@code GET /agent/package}: the upgrade package goes only to an agent that proves it is an enrolled server. */
@ConsoleTest
class AgentPackageEndpointTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    FleetService fleet;

    @Autowired
    TestVaults vaults;

    @Autowired
    AgentRelease release;

    private HttpResponse<byte[]> download(String proofHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/agent/package"));
        if (proofHeader != null) {
            request.header(ConnectProof.HEADER, proofHeader);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private UUID enroll(KeyPair keys) {
        var result = (FleetService.Enrolled) fleet.enroll(vaults.create("package").id(),
                "pkg-" + UUID.randomUUID().toString().substring(0, 8), "Linux", "6.1", "0.1.0",
                AgentKeys.encodePublic(keys.getPublic()));
        return result.server().id();
    }

    @Test
    void withoutAProofThereIsNoPackage() throws Exception {
        HttpResponse<byte[]> response = download(null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(new String(response.body())).contains("no X-VaultFleet-Agent header");
    }

    @Test
    void aProofSignedWithAnotherKeyIsRefused() throws Exception {
        UUID server = enroll(AgentKeys.generate());
        HttpResponse<byte[]> response = download(ConnectProof.create(server, AgentKeys.generate().getPrivate(),
                Instant.now()).toHeader());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(new String(response.body())).contains("not signed by the key registered");
    }

    @Test
    void anEnrolledServerGetsThePackageTheConsoleOffers() throws Exception {
        KeyPair keys = AgentKeys.generate();
        UUID server = enroll(keys);
        HttpResponse<byte[]> response = download(ConnectProof.create(server, keys.getPrivate(), Instant.now()).toHeader());
        var offered = release.current();
        if (offered.isPresent()) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(offered.get().bytes());
            assertThat(response.headers().firstValue("X-VaultFleet-Sha256")).hasValue(offered.get().sha256());
        } else {
            // a console built without the agent (module tests run before packaging) says so instead of failing
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(new String(response.body())).isEqualTo("this console has no agent package");
        }
    }
}
