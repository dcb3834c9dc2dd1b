package io.vaultfleet.console.platform;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * The address written into what the console hands out for servers to call back (vault credentials files, agent
 * packages). It is {@code vaultfleet.public-url} when set. Without it, the address the browser used is taken only
 * when its host is in {@code vaultfleet.allowed-hosts} (by default this machine: localhost, 127.0.0.1, [::1]), with
 * the port the request really arrived on: the {@code Host} header is the caller's to choose, and a signed file must
 * not point wherever a request said.
 */
@Component
public class ConsoleAddress {
    private final ConsoleProperties properties;
    private final URI configured;

    public ConsoleAddress(ConsoleProperties properties) {
        this.properties = properties;
        this.configured = properties.publicUrl().isEmpty() ? null : parsePublicUrl(properties.publicUrl());
    }

    /** {@code vaultfleet.public-url}, when set. */
    public Optional<URI> configured() {
        return Optional.ofNullable(configured);
    }

    /** The host names believed without a public URL. */
    public List<String> allowedHosts() {
        return properties.allowedHosts();
    }

    /**
     * The public URL, or else {@code scheme://host:localPort} of the browser's request when its host is allowed.
     *
     * @param scheme    the request's scheme
     * @param host      the host the browser named (from the {@code Host} header)
     * @param localPort the port the connection arrived on (not the one the header names)
     * @throws InvalidInputException when there is no public URL and the host is not allowed
     */
    public URI forDownload(String scheme, String host, int localPort) {
        if (configured != null) {
            return configured;
        }
        String normalised = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
        String bare = normalised.startsWith("[") && normalised.endsWith("]")
                ? normalised.substring(1, normalised.length() - 1) : normalised;
        boolean allowed = properties.allowedHosts().stream().map(h -> h.strip().toLowerCase(Locale.ROOT))
                .anyMatch(h -> h.equals(normalised) || h.equals("[" + bare + "]") || h.equals(bare));
        if (!allowed || !("http".equals(scheme) || "https".equals(scheme))) {
            throw new InvalidInputException("publicUrl", "This console's address is not configured "
                    + "(vaultfleet.public-url), and the address this page was opened with ('"
                    + LogSafe.of(host, 80) + "') is not one of vaultfleet.allowed-hosts " + properties.allowedHosts()
                    + ". Ask the administrator to set vaultfleet.public-url to the address servers use to reach the"
                    + " console.");
        }
        String literal = bare.contains(":") ? "[" + bare + "]" : bare;
        return URI.create(scheme + "://" + literal + ":" + localPort);
    }

    /**
     * As {@link #forDownload(String, String, int)}, from {@code scheme://host:port} of the request (the port being
     * the one the connection arrived on).
     */
    public URI forDownload(String requestBaseUrl) {
        if (configured != null) {
            return configured;
        }
        URI request;
        try {
            request = requestBaseUrl == null ? null : new URI(requestBaseUrl);
        } catch (URISyntaxException e) {
            request = null;
        }
        if (request == null || request.getHost() == null) {
            return forDownload(null, requestBaseUrl, -1);
        }
        int port = request.getPort() >= 0 ? request.getPort() : "https".equals(request.getScheme()) ? 443 : 80;
        URI base = forDownload(request.getScheme(), request.getHost(), port);
        // the context path, when the console is not at the root
        String path = request.getRawPath() == null || request.getRawPath().equals("/") ? "" : request.getRawPath();
        return path.isEmpty() ? base : URI.create(base + path);
    }

    private static URI parsePublicUrl(String value) {
        String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        try {
            URI uri = new URI(trimmed);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("vaultfleet.public-url '" + value + "' is not an http(s) address such as "
                    + "https://backup.example.com or http://10.0.0.5:8080");
        }
    }
}
