package io.vaultfleet.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Signature over an agent package: Ed25519 by the console's signing key (the key that signs vault credentials
 * files, so an agent trusts it from registration on) over {@code "vaultfleet-agent-package/v1\n" + version + "\n" + sha256}.
 */
public final class AgentPackageSignature {
    private AgentPackageSignature() {
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(PrivateKey key, String version, String sha256) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(text(version, sha256));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the agent package", e);
        }
    }

    public static boolean verify(PublicKey key, String version, String sha256, String signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(text(version, sha256));
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] text(String version, String sha256) {
        return ("vaultfleet-agent-package/v1\n" + version + "\n" + sha256).getBytes(StandardCharsets.UTF_8);
    }
}
