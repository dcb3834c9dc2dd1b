package io.vaultfleet.protocol;

/**
 * Another server's passphrase, encrypted in the browser to the target agent's one-session key
 * ({@link RecoveryKey}): ECDH P-256 with an ephemeral key, HKDF-SHA-256, AES-256-GCM. Only ciphertext; the console
 * cannot open it. All fields base64.
 *
 * @param ephemeralPublicKey the browser's ephemeral P-256 public key, raw uncompressed point (65 bytes)
 * @param iv                 AES-GCM nonce (12 bytes)
 * @param ciphertext         AES-GCM ciphertext with its 16-byte tag, of the passphrase's UTF-8 bytes
 */
public record SealedPassphrase(String ephemeralPublicKey, String iv, String ciphertext) {
    public SealedPassphrase {
        Fields.requireText(ephemeralPublicKey, "sealedPassphrase.ephemeralPublicKey", 128);
        Fields.requireText(iv, "sealedPassphrase.iv", 32);
        Fields.requireText(ciphertext, "sealedPassphrase.ciphertext", 8192);
    }
}
