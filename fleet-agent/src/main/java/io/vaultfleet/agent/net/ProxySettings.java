package io.vaultfleet.agent.net;

import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import com.azure.core.http.ProxyOptions;
import io.vaultfleet.agent.identity.OwnerOnlyFiles;
import io.vaultfleet.agent.platform.SecretProtection;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP proxy this server reaches the console and storage through, as given to {@code fleet-agent register}
 * ({@code --proxy}, {@code --proxy-user}, {@code --proxy-password-file}) and kept in the agent home so that the
 * service, backups and upgrades use it too: {@code proxy.json} holds the address and user name (owner-only), the
 * password is a secret like the passphrase ({@code secrets/proxy-password}: DPAPI on Windows, 0600 elsewhere).
 *
 * @param url      {@code http://host:port}
 * @param user     user name of an authenticated proxy, or null
 * @param password its password, or null (never logged, never in {@link #toString()})
 */
public record ProxySettings(URI url, String user, char[] password) {
    public static final String FILE = "proxy.json";
    public static final String PASSWORD_FILE = "secrets/proxy-password";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public ProxySettings {
        if (url == null || !"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null || url.getPort() < 0) {
            throw new IllegalArgumentException("the proxy must look like http://host:port, was " + url);
        }
        if (password != null && user == null) {
            throw new IllegalArgumentException("a proxy password needs a proxy user name");
        }
    }

    private record Stored(String url, String user) {
    }

    /** The proxy saved in {@code home}, if the agent was registered through one. */
    public static Optional<ProxySettings> load(Path home, SecretProtection secrets) {
        Path file = home.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Stored stored = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), Stored.class);
            char[] password = null;
            if (stored.user() != null && Files.exists(home.resolve(PASSWORD_FILE))) {
                password = new String(secrets.load(home.resolve(PASSWORD_FILE)), StandardCharsets.UTF_8).toCharArray();
            }
            return Optional.of(new ProxySettings(URI.create(stored.url()), stored.user(), password));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the proxy settings in " + file + " are unreadable (" + e.getMessage()
                    + "); register the agent again with --proxy", e);
        }
    }

    /** Keeps these settings in {@code home} (replacing earlier ones). */
    public void save(Path home, SecretProtection secrets) throws IOException {
        Files.createDirectories(home.resolve(PASSWORD_FILE).getParent());
        if (password != null) {
            secrets.store(home.resolve(PASSWORD_FILE), new String(password).getBytes(StandardCharsets.UTF_8));
        } else {
            Files.deleteIfExists(home.resolve(PASSWORD_FILE));
        }
        Path tmp = home.resolve(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        OwnerOnlyFiles.create(tmp);
        Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(new Stored(url.toString(), user)),
                StandardCharsets.UTF_8);
        Files.move(tmp, home.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Forgets any saved proxy (a registration without {@code --proxy} reaches the console directly). */
    public static void clear(Path home) throws IOException {
        Files.deleteIfExists(home.resolve(FILE));
        Files.deleteIfExists(home.resolve(PASSWORD_FILE));
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(url.getHost(), url.getPort());
    }

    /** Routes a JDK HTTP client (console requests, the agent WebSocket) through this proxy, with its credentials. */
    public HttpClient.Builder applyTo(HttpClient.Builder builder) {
        builder.proxy(ProxySelector.of(address()));
        if (user != null) {
            // the JDK refuses Basic authentication for tunnels (CONNECT: https, WebSocket) unless told otherwise
            System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
            char[] secret = password == null ? new char[0] : password.clone();
            builder.authenticator(new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return getRequestorType() == RequestorType.PROXY ? new PasswordAuthentication(user, secret) : null;
                }
            });
        }
        return builder;
    }

    /**
     * The message of a request the proxy refused: the JDK reports a 407 it could not answer (wrong or missing proxy
     * credentials) as "No credentials provided"; the admin is told which option to check instead.
     */
    public static String refusal(ProxySettings proxy, IOException e) {
        if (proxy != null && e.getMessage() != null && e.getMessage().contains("No credentials provided")) {
            return "the proxy " + proxy.url() + " refused the request (HTTP 407 Proxy Authentication Required): "
                    + (proxy.user() == null ? "it needs --proxy-user and --proxy-password-file"
                    : "check --proxy-user and the password in --proxy-password-file");
        }
        return null;
    }

    /** The same proxy for the Azure SDK's blob client. */
    public ProxyOptions azureOptions() {
        var options = new ProxyOptions(ProxyOptions.Type.HTTP, address());
        if (user != null) {
            options.setCredentials(user, password == null ? "" : new String(password));
        }
        return options;
    }

    @Override
    public String toString() {
        return "ProxySettings[" + url + (user == null ? "" : ", user " + user) + "]";
    }
}
