package io.vaultfleet.agent.enrollment;

import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * How the agent reaches its console over HTTP: TLS pinned to the console's certificate when one is named, and an
 * optional HTTP proxy with user name and password.
 *
 * @param consoleUrl        base URL of the console
 * @param certificateSha256 pinned certificate fingerprint; empty for plain HTTP
 * @param proxy             proxy URL ({@code http://host:port}) or null
 * @param proxyUser         proxy user name or null
 * @param proxyPassword     proxy password or null (never logged)
 */
public record ConsoleConnection(URI consoleUrl, String certificateSha256, URI proxy, String proxyUser,
                                char[] proxyPassword) {

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
            if (proxy.getHost() == null || proxy.getPort() < 0) {
                throw new IllegalArgumentException("proxy must look like http://host:port, was " + proxy);
            }
            builder.proxy(ProxySelector.of(new InetSocketAddress(proxy.getHost(), proxy.getPort())));
            if (proxyUser != null) {
                char[] password = proxyPassword == null ? new char[0] : proxyPassword.clone();
                builder.authenticator(new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                        return getRequestorType() == RequestorType.PROXY
                                ? new PasswordAuthentication(proxyUser, password) : null;
                    }
                });
            }
        }
        return builder.build();
    }

    public URI resolve(String path) {
        String base = consoleUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    @Override
    public String toString() {
        return "ConsoleConnection[" + consoleUrl + (proxy == null ? "" : " via " + proxy) + "]";
    }
}
