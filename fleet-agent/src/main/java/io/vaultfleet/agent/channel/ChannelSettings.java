package io.vaultfleet.agent.channel;

import io.vaultfleet.agent.enrollment.PinnedTls;
import io.vaultfleet.agent.net.ProxySettings;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How to reach the console.
 *
 * @param endpoint          the console's agent WebSocket, e.g. {@code wss://console.example:8443/agent/ws}
 * @param connectTimeout    how long one connection attempt may take
 * @param backoffBase       first reconnect wait (before jitter)
 * @param backoffCap        longest reconnect wait
 * @param missedAcksToDrop  heartbeat intervals without any frame from the console before the link is dropped
 * @param sslContext        TLS for {@code wss://} (pinned to the console's certificate), or null for the JDK default
 * @param proxy             the HTTP proxy to tunnel through, or null
 */
public record ChannelSettings(URI endpoint, Duration connectTimeout, Duration backoffBase, Duration backoffCap,
                              int missedAcksToDrop, SSLContext sslContext,
                              ProxySettings proxy) {
    public ChannelSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        String scheme = endpoint.getScheme();
        if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
            throw new IllegalArgumentException("console endpoint must be a ws:// or wss:// URL, was " + endpoint);
        }
        if (missedAcksToDrop < 1) {
            throw new IllegalArgumentException("missedAcksToDrop must be at least 1");
        }
    }

    public static ChannelSettings defaults(URI endpoint) {
        return new ChannelSettings(endpoint, Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(2), 3, null, null);
    }

    /** The same settings with TLS pinned to the certificate with this SHA-256 (no change for an empty pin). */
    public ChannelSettings pinnedTo(String certificateSha256) {
        if (certificateSha256 == null || certificateSha256.isBlank()) {
            return this;
        }
        return new ChannelSettings(endpoint, connectTimeout, backoffBase, backoffCap, missedAcksToDrop,
                PinnedTls.trusting(certificateSha256), proxy);
    }

    /** The same settings going through {@code proxy} (no change for null). */
    public ChannelSettings via(ProxySettings proxy) {
        return proxy == null ? this : new ChannelSettings(endpoint, connectTimeout, backoffBase, backoffCap,
                missedAcksToDrop, sslContext, proxy);
    }

    /** Turns a console base URL ({@code http(s)://host:port[/path]}) into its agent endpoint. */
    public static URI endpointFor(String consoleUrl) {
        URI base = URI.create(consoleUrl.trim());
        String scheme = switch (base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT)) {
            case "http", "ws" -> "ws";
            case "https", "wss" -> "wss";
            default -> throw new IllegalArgumentException(
                    "console URL must start with http://, https://, ws:// or wss://, was " + consoleUrl);
        };
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        if (!path.endsWith("/agent/ws")) {
            path = (path.endsWith("/") ? path : path + "/") + "agent/ws";
        }
        return URI.create(scheme + "://" + base.getRawAuthority() + path);
    }
}
