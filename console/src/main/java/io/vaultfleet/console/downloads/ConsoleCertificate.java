package io.vaultfleet.console.downloads;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The SHA-256 of the console's TLS certificate, written into vault credentials files for agents to pin: the
 * configured {@code vaultfleet.credentials.console-certificate-sha256}, else the certificate of the SSL bundle the
 * server uses ({@code server.ssl.bundle}), else empty (plain HTTP).
 */
@Component
class ConsoleCertificate {
    private static final Logger log = LoggerFactory.getLogger(ConsoleCertificate.class);
    private final String sha256;

    ConsoleCertificate(CredentialsProperties properties, Environment environment,
                       ObjectProvider<SslBundles> bundles) {
        String configured = properties.consoleCertificateSha256();
        if (!configured.isEmpty()) {
            this.sha256 = configured;
            return;
        }
        String bundle = environment.getProperty("server.ssl.bundle", "");
        boolean enabled = environment.getProperty("server.ssl.enabled", Boolean.class, true);
        SslBundles available = bundles.getIfAvailable();
        this.sha256 = bundle.isBlank() || !enabled || available == null ? ""
                : fingerprint(available.getBundle(bundle), environment.getProperty("server.ssl.key-alias")).orElse("");
        if (!bundle.isBlank() && sha256.isEmpty()) {
            log.warn("Could not read the certificate of SSL bundle '{}': vault credentials will carry no TLS pin; "
                    + "set vaultfleet.credentials.console-certificate-sha256", bundle);
        }
    }

    String sha256() {
        return sha256;
    }

    /** SHA-256 (lower-case hex) of the bundle's certificate under {@code alias}, or its first key entry's. */
    static Optional<String> fingerprint(SslBundle bundle, String alias) {
        try {
            KeyStore store = bundle.getStores().getKeyStore();
            if (store == null) {
                return Optional.empty();
            }
            String chosen = alias;
            if (chosen == null || chosen.isBlank()) {
                chosen = Collections.list(store.aliases()).stream().filter(a -> isKey(store, a)).findFirst().orElse(null);
            }
            Certificate cert = chosen == null ? null : store.getCertificate(chosen);
            if (cert == null) {
                return Optional.empty();
            }
            return Optional.of(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded())));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (KeyStoreException e) {
            return false;
        }
    }
}
