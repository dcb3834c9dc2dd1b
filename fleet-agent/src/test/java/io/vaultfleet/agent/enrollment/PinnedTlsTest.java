package io.vaultfleet.agent.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/** A real HTTPS server with a self-signed certificate made by the JDK's keytool: pinning accepts it, and only it. */
class PinnedTlsTest {
    @TempDir
    Path dir;

    private HttpsServer server;
    private String fingerprint;

    @BeforeEach
    void startServer() throws Exception {
        Path store = dir.resolve("console.p12");
        Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "console", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit")).redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, "changeit".toCharArray());
        }
        fingerprint = PinnedTls.fingerprint((X509Certificate) keyStore.getCertificate("console"));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            byte[] body = "hello from the console".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private HttpResponse<String> get(String pin) throws Exception {
        URI url = URI.create("https://127.0.0.1:" + server.getAddress().getPort());
        ConsoleConnection connection = new ConsoleConnection(url, pin, null);
        return connection.httpClient().send(HttpRequest.newBuilder(connection.resolve("/ping")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void trustsTheCertificateNamedInTheCredentials() throws Exception {
        assertThat(get(fingerprint).body()).isEqualTo("hello from the console");
    }

    @Test
    void refusesAnyOtherCertificateNamingBothFingerprints() {
        String other = "0".repeat(64);
        assertThatThrownBy(() -> get(other)).hasStackTraceContaining("is not the one named in the vault credentials")
                .hasStackTraceContaining(fingerprint);
    }

    @Test
    void anHttpsConsoleWithoutAPinIsRefusedUpFront() {
        assertThatThrownBy(() -> get("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no console certificate to pin");
    }
}
