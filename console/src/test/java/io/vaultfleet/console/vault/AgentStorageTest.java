package io.vaultfleet.console.vault;

import static io.vaultfleet.console.TestSecurity.runAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.storage.StorageKind;
import io.vaultfleet.console.storage.StorageLocationForm;
import io.vaultfleet.console.storage.StorageLocationService;
import io.vaultfleet.protocol.enrollment.StorageGrant;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.identity.ConnectProof;
import io.vaultfleet.testsupport.Azurite;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /agent/storage}: each server gets its own part of its vault's storage, and cannot delete or
 * overwrite there. */
@ConsoleTest
class AgentStorageTest {
    @LocalServerPort
    int port;

    @Autowired
    TestVaults vaults;

    @Autowired
    FleetService fleet;

    @Autowired
    StorageLocationService locations;

    @Autowired
    SecurityContextHolderStrategy security;

    private final HttpClient http = HttpClient.newHttpClient();

    private record Enrolled(UUID id, KeyPair keys) {
    }

    private Enrolled enroll(UUID vaultId) {
        KeyPair keys = AgentKeys.generate();
        var result = (FleetService.Enrolled) fleet.enroll(vaultId, "srv-" + UUID.randomUUID().toString().substring(0, 8),
                "Linux", "6.1", "0.1.0", AgentKeys.encodePublic(keys.getPublic()));
        return new Enrolled(result.server().id(), keys);
    }

    private HttpResponse<String> ask(String proofHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/agent/storage"))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (proofHeader != null) {
            request.header(ConnectProof.HEADER, proofHeader);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private StorageGrant grantFor(Enrolled server) throws Exception {
        HttpResponse<String> response = ask(ConnectProof.create(server.id(), server.keys().getPrivate(), Instant.now()).toHeader());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonMapper.builder().build().readValue(response.body(), StorageGrant.class);
    }

    @Test
    void aFolderLocationGivesEachServerItsOwnFolder() throws Exception {
        Vault vault = vaults.create("folder-storage");
        Enrolled a = enroll(vault.id());
        Enrolled b = enroll(vault.id());
        StorageGrant first = grantFor(a);
        assertThat(first.repository()).startsWith("folder:").contains(vault.id().toString())
                .endsWith("srv-" + a.id().toString().replace("-", ""));
        assertThat(grantFor(b).repository()).isNotEqualTo(first.repository());
        assertThat(first.expiresAt()).isNull();
    }

    @Test
    void withoutAProofThereIsNoStorage() throws Exception {
        HttpResponse<String> response = ask(null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("no X-VaultFleet-Agent header");
    }

    @Test
    void anAzureLocationGivesAShortLivedTokenForTheServersContainerWithoutDelete() throws Exception {
        Azurite azurite = Azurite.shared();
        var location = runAs(security, Role.OWNER, () -> locations.create(new StorageLocationForm(
                "azurite-" + UUID.randomUUID().toString().substring(0, 6), "Azurite", StorageKind.AZURE_BLOB, null,
                azurite.blobEndpoint(), Azurite.KEY, null)));
        Vault vault = vaults.create("blob-storage", location.id());
        Enrolled server = enroll(vault.id());

        StorageGrant grant = grantFor(server);
        assertThat(grant.repository()).startsWith("azure:" + azurite.blobEndpoint() + "/srv-").contains("sig=");
        assertThat(grant.expiresAt()).isAfter(Instant.now().plusSeconds(3600)).isBefore(Instant.now().plusSeconds(9 * 3600));
        assertThat(grant.toString()).doesNotContain("sig=");

        BlobContainerClient container = new BlobContainerClientBuilder()
                .endpoint(grant.repository().substring("azure:".length()))
                .httpClient(new JdkHttpClientBuilder().build()).buildClient();
        container.getBlobClient("packs/00/probe").upload(BinaryData.fromString("written by the agent"));
        assertThat(container.getBlobClient("packs/00/probe").downloadContent().toString()).isEqualTo("written by the agent");
        assertThatThrownBy(() -> container.getBlobClient("packs/00/probe").delete())
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
        assertThatThrownBy(() -> container.getBlobClient("packs/00/probe").upload(BinaryData.fromString("ransom"), true))
                .as("create-only: no overwrite")
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
        assertThat(container.getBlobClient("packs/00/probe").downloadContent().toString()).isEqualTo("written by the agent");
    }
}
