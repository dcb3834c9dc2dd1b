package io.vaultfleet.agent.enrollment;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;

import io.vaultfleet.agent.identity.AgentIdentity;
import io.vaultfleet.agent.identity.OwnerOnlyFiles;
import io.vaultfleet.agent.net.ProxySettings;
import io.vaultfleet.protocol.enrollment.StorageGrant;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Asks the console where this server's backups go ({@code POST /agent/storage}, proven with the agent's key). */
public final class StorageAccess {
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final AgentIdentity identity;
    private final Path home;

    public StorageAccess(AgentIdentity identity, Path home) {
        this.identity = identity;
        this.home = home;
    }

    /** Raised when the console answered but refused: the cached grant must not be used then. */
    public static final class RefusedException extends IOException {
        RefusedException(String message) {
            super(message);
        }
    }

    /**
     * Asks the console and keeps the answer in {@code <home>/secrets/storage-grant.json} (owner-only, it may hold a
     * SAS). When the console cannot be reached, the kept grant is used while it is valid, so scheduled backups run
     * without the console; once it expires (8 hours for Azure), backups fail saying the console is unreachable.
     */
    public StorageGrant requestOrKept(Clock clock) throws IOException, InterruptedException {
        Path kept = home.resolve("secrets").resolve("storage-grant.json");
        try {
            StorageGrant grant = request();
            keep(kept, grant);
            return grant;
        } catch (RefusedException refused) {
            throw refused;
        } catch (IOException unreachable) {
            if (Files.exists(kept)) {
                StorageGrant grant = JSON.readValue(Files.readString(kept), StorageGrant.class);
                if (grant.expiresAt() == null || grant.expiresAt().isAfter(clock.instant().plusSeconds(60))) {
                    LoggerFactory.getLogger(StorageAccess.class).warn("{}; using the storage it assigned "
                            + "earlier{}", unreachable.getMessage(), grant.expiresAt() == null ? ""
                            : " (valid until " + grant.expiresAt() + ")");
                    return grant;
                }
                throw new IOException(unreachable.getMessage() + ", and the storage access it assigned earlier "
                        + "expired at " + grant.expiresAt(), unreachable);
            }
            throw unreachable;
        }
    }

    private static void keep(Path file, StorageGrant grant) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        OwnerOnlyFiles.writeNew(tmp, JSON.writeValueAsBytes(grant));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    public StorageGrant request() throws IOException, InterruptedException {
        ConsoleConnection connection = ConsoleConnection.of(identity, home);
        HttpRequest.Builder request = HttpRequest.newBuilder(connection.resolve("/agent/storage"))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody());
        identity.connectHeaders(Clock.systemUTC().instant()).forEach(request::header);
        HttpResponse<String> response;
        try {
            response = connection.httpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IOException("cannot reach the console at " + identity.consoleUrl() + " to get this server's storage", e);
        } catch (IOException e) {
            String refusal = ProxySettings.refusal(connection.proxy(), e);
            throw refusal == null ? e : new IOException(refusal, e);
        }
        if (response.statusCode() != 200) {
            throw new RefusedException("the console did not assign storage (HTTP " + response.statusCode() + "): "
                    + response.body().strip());
        }
        return JSON.readValue(response.body(), StorageGrant.class);
    }
}
