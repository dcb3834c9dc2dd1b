package io.vaultfleet.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Signatures around agent packages, all Ed25519:
 * <ul>
 * <li>v2 (what agents check): by the console's <em>upgrade</em> key over
 * {@code "vaultfleet-agent-package/v2\n" + version + "\n" + sha256 + "\n" + ("upgrade"|"rollback")}, so whether an
 * offer may install an older version is part of what is signed;</li>
 * <li>the upgrade key's endorsement: by the console's credentials-signing key (which the agent trusts from the vault
 * credentials file it registered with) over {@code "vaultfleet-agent-upgrade-key/v1\n" + base64 X.509 key}. The
 * agent pins the first endorsed key it is welcomed with, and trusts no other afterwards;</li>
 * <li>v1: by the credentials-signing key over {@code "vaultfleet-agent-package/v1\n" + version + "\n" + sha256},
 * still sent so agents from before the upgrade key can upgrade once to a version that knows it.</li>
 * </ul>
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

    /** The v2 signature, by the upgrade key; {@code rollback} says the console explicitly offers an older version. */
    public static String signOffer(PrivateKey upgradeKey, String version, String sha256, boolean rollback) {
        return signText(upgradeKey, offerText(version, sha256, rollback));
    }

    public static boolean verifyOffer(PublicKey upgradeKey, String version, String sha256, boolean rollback,
                                      String signature) {
        return verifyText(upgradeKey, offerText(version, sha256, rollback), signature);
    }

    /** The credentials-signing key vouches for {@code upgradeKey} (base64 X.509). */
    public static String endorseUpgradeKey(PrivateKey credentialsKey, String upgradeKey) {
        return signText(credentialsKey, ("vaultfleet-agent-upgrade-key/v1\n" + upgradeKey).getBytes(StandardCharsets.UTF_8));
    }

    public static boolean endorsementValid(PublicKey credentialsKey, String upgradeKey, String endorsement) {
        return upgradeKey != null && verifyText(credentialsKey,
                ("vaultfleet-agent-upgrade-key/v1\n" + upgradeKey).getBytes(StandardCharsets.UTF_8), endorsement);
    }

    /** An Ed25519 public key from its base64 X.509 form; {@link IllegalArgumentException} when it is not one. */
    public static PublicKey decodeKey(String base64) {
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("not a base64 Ed25519 public key", e);
        }
    }

    private static byte[] offerText(String version, String sha256, boolean rollback) {
        return ("vaultfleet-agent-package/v2\n" + version + "\n" + sha256 + "\n" + (rollback ? "rollback" : "upgrade"))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String signText(PrivateKey key, byte[] text) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(text);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign", e);
        }
    }

    private static boolean verifyText(PublicKey key, byte[] text, String signature) {
        if (signature == null) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(text);
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] text(String version, String sha256) {
        return ("vaultfleet-agent-package/v1\n" + version + "\n" + sha256).getBytes(StandardCharsets.UTF_8);
    }
}
