package io.vaultfleet.agent.enrollment;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;

import io.vaultfleet.agent.host.HostInfo;
import io.vaultfleet.agent.net.ProxySettings;
import io.vaultfleet.protocol.enrollment.EnrollmentRefusal;
import io.vaultfleet.protocol.enrollment.EnrollmentRequest;
import io.vaultfleet.protocol.enrollment.EnrollmentResult;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Posts a signed enrollment request to the console and reads its answer. */
public final class Enroller {
    public static final String PATH = "/agent/enroll";
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final ConsoleConnection connection;
    private final Clock clock;

    public Enroller(ConsoleConnection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
    }

    /**
     * Registers this server with the key pair {@code keys}.
     *
     * @throws EnrollmentRefusedException when the console refuses, with its reason
     * @throws IOException                when the console cannot be reached or answers something unexpected
     */
    public EnrollmentResult enroll(byte[] credentialsFile, HostInfo host, String agentVersion, KeyPair keys)
            throws IOException, InterruptedException {
        EnrollmentRequest request = EnrollmentRequest.sign(credentialsFile, host.hostName(), host.osName(),
                host.osVersion(), agentVersion, keys.getPublic(), keys.getPrivate(), clock.instant());
        HttpResponse<String> response;
        try {
            response = connection.httpClient().send(HttpRequest.newBuilder(connection.resolve(PATH))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (SSLHandshakeException e) {
            throw new IOException("TLS with the console failed: " + rootMessage(e), e);
        } catch (ConnectException e) {
            throw new IOException("cannot reach the console at " + connection.consoleUrl() + " (" + rootMessage(e) + ")", e);
        } catch (IOException e) {
            String refusal = ProxySettings.refusal(connection.proxy(), e);
            throw refusal == null ? e : new IOException(refusal, e);
        }
        String body = response.body();
        if (response.statusCode() == 407) {
            throw new IOException("the proxy refused the request (HTTP 407 Proxy Authentication Required): "
                    + "give --proxy-user and --proxy-password-file");
        }
        try {
            if (response.statusCode() == 200) {
                return JSON.readValue(body, EnrollmentResult.class);
            }
            if (response.statusCode() >= 400 && response.statusCode() < 500 && body.contains("\"reason\"")) {
                throw new EnrollmentRefusedException(JSON.readValue(body, EnrollmentRefusal.class));
            }
        } catch (JacksonException e) {
            throw new IOException("the console's answer is not readable (HTTP " + response.statusCode() + ")", e);
        }
        throw new IOException("the console answered HTTP " + response.statusCode() + " to the registration"
                + (body.isBlank() ? "" : ": " + abbreviate(body)));
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() <= 300 ? t : t.substring(0, 300) + "…";
    }
}
