package io.vaultfleet.protocol.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

import io.vaultfleet.protocol.AgentPackageSignature;

import tools.jackson.databind.node.ObjectNode;

/** Writes signed vault credentials files (the console's side). Thread-safe. */
public final class CredentialsSigner {
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    public CredentialsSigner(KeyPair keys) {
        this.privateKey = keys.getPrivate();
        this.publicKey = keys.getPublic();
        this.keyId = CredentialsFormat.keyId(publicKey);
    }

    /** A fresh Ed25519 key pair for a console. */
    public static KeyPair generateKeyPair() {
        try {
            return KeyPairGenerator.getInstance(CredentialsFormat.ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /** Rebuilds a key pair from its PKCS#8 private and X.509 public encodings. */
    public static KeyPair keyPair(byte[] pkcs8Private, byte[] x509Public) {
        try {
            KeyFactory factory = KeyFactory.getInstance(CredentialsFormat.ALGORITHM);
            return new KeyPair(factory.generatePublic(new X509EncodedKeySpec(x509Public)),
                    factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8Private)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 key pair", e);
        }
    }

    /** Signs an agent package with the same key, so agents registered with this console can trust its upgrades. */
    public String signAgentPackage(String version, String sha256) {
        return AgentPackageSignature.sign(privateKey, version, sha256);
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String keyId() {
        return keyId;
    }

    /** The file's bytes (UTF-8 JSON). */
    public byte[] sign(VaultCredentials credentials) {
        byte[] payload = CredentialsFormat.payload(credentials);
        byte[] signature;
        try {
            Signature ed = Signature.getInstance(CredentialsFormat.ALGORITHM);
            ed.initSign(privateKey);
            ed.update(payload);
            signature = ed.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign vault credentials", e);
        }
        ObjectNode file = CredentialsFormat.JSON.createObjectNode();
        file.put("format", CredentialsFormat.FORMAT);
        file.put("version", VaultCredentials.FORMAT_VERSION);
        file.put("keyId", keyId);
        file.put("publicKey", CredentialsFormat.encode(publicKey.getEncoded()));
        file.put("payload", CredentialsFormat.encode(payload));
        file.put("signature", CredentialsFormat.encode(signature));
        return CredentialsFormat.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(file)
                .getBytes(StandardCharsets.UTF_8);
    }
}
