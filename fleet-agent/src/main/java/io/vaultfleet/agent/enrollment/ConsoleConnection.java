package io.vaultfleet.agent.enrollment;

import io.vaultfleet.agent.identity.AgentIdentity;
import io.vaultfleet.agent.net.ProxySettings;
import io.vaultfleet.agent.platform.current.CurrentPlatform;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the agent reaches its console over HTTP: TLS pinned to the console's certificate when one is named, and the
 * HTTP proxy given at registration, if any.
 *
 * @param consoleUrl        base URL of the console
 * @param certificateSha256 pinned certificate fingerprint; empty for plain HTTP
 * @param proxy             the proxy to go through, or null
 */
public record ConsoleConnection(URI consoleUrl, String certificateSha256, ProxySettings proxy) {

    /** The connection of a registered agent: its console, the pinned certificate, and the proxy saved in its home. */
    public static ConsoleConnection of(AgentIdentity identity, Path home) {
        return new ConsoleConnection(URI.create(identity.consoleUrl()), identity.consoleCertificateSha256(),
                ProxySettings.load(home, CurrentPlatform.secretProtection()).orElse(null));
    }

    public HttpClient httpClient() {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NEVER);
        if ("https".equalsIgnoreCase(consoleUrl.getScheme())) {
            if (certificateSha256 == null || certificateSha256.isBlank()) {
                throw new IllegalArgumentException("the vault credentials name no console certificate to pin for "
                        + consoleUrl);
            }
            builder.sslContext(PinnedTls.trusting(certificateSha256));
        }
        if (proxy != null) {
            proxy.applyTo(builder);
        }
        return builder.build();
    }

    public URI resolve(String path) {
        String base = consoleUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    @Override
    public String toString() {
        return "ConsoleConnection[" + consoleUrl + (proxy == null ? "" : " via " + proxy.url()) + "]";
    }
}
