package io.vaultfleet.console.downloads;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Locale;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;

/** The TLS pin matches what the JDK's keytool reports as the certificate's SHA-256 fingerprint. */
class ConsoleCertificateTest {
    @Test
    void fingerprintOfTheServersKeyStoreMatchesKeytool(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("console.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "console", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=console.test", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit");
        String listing = run(keytool, "-list", "-v", "-alias", "console", "-keystore", store.toString(),
                "-storepass", "changeit");
        var m = Pattern.compile("SHA256:\\s*([0-9A-F:]{95})").matcher(listing);
        assertThat(m.find()).as(listing).isTrue();
        String expected = m.group(1).replace(":", "").toLowerCase(Locale.ROOT);

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        SslBundle bundle = SslBundle.of(SslStoreBundle.of(ks, "changeit", null));
        assertThat(ConsoleCertificate.fingerprint(bundle, null)).contains(expected);
        assertThat(ConsoleCertificate.fingerprint(bundle, "console")).contains(expected);
        assertThat(ConsoleCertificate.fingerprint(bundle, "missing")).isEmpty();
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
