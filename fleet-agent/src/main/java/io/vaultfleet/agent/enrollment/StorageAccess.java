package io.vaultfleet.agent.enrollment;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

import io.vaultfleet.agent.identity.AgentIdentity;
import io.vaultfleet.protocol.enrollment.StorageGrant;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Asks the console where this server's backups go ({@code POST /agent/storage}, proven with the agent's key). */
public final class StorageAccess {
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final AgentIdentity identity;
    private final java.nio.file.Path home;

    public StorageAccess(AgentIdentity identity, java.nio.file.Path home) {
        this.identity = identity;
        this.home = home;
    }

    public StorageGrant request() throws IOException, InterruptedException {
        ConsoleConnection connection = ConsoleConnection.of(identity, home);
        HttpRequest.Builder request = HttpRequest.newBuilder(connection.resolve("/agent/storage"))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody());
        identity.connectHeaders(Clock.systemUTC().instant()).forEach(request::header);
        HttpResponse<String> response;
        try {
            response = connection.httpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new IOException("cannot reach the console at " + identity.consoleUrl() + " to get this server's storage", e);
        } catch (IOException e) {
            String refusal = ProxySettings.refusal(connection.proxy(), e);
            throw refusal == null ? e : new IOException(refusal, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("the console did not assign storage (HTTP " + response.statusCode() + "): "
                    + response.body().strip());
        }
        return JSON.readValue(response.body(), StorageGrant.class);
    }
}
