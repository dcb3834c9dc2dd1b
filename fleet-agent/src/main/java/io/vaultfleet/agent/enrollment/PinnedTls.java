package io.vaultfleet.agent.enrollment;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/**
 * TLS that trusts exactly one certificate: the console's, named by its SHA-256 fingerprint in the vault credentials
 * file. A self-signed console certificate works without touching the system trust store, and a different
 * certificate (a man in the middle, or a console that was re-keyed) is refused with both fingerprints named.
 */
public final class PinnedTls {
    private PinnedTls() {
    }

    public static SSLContext trusting(String sha256Hex) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new X509TrustManager[] {new Pinned(sha256Hex)}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS", e);
        }
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Pinned(String expected) implements X509TrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the console sent no certificate");
            }
            String actual = fingerprint(chain[0]);
            if (!actual.equalsIgnoreCase(expected)) {
                throw new CertificateException("the console's certificate (SHA-256 " + actual + ") is not the one named "
                        + "in the vault credentials (" + expected + "); refusing to connect");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
