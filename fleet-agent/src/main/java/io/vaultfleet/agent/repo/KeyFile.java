package io.vaultfleet.agent.repo;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.spec.SecretKeySpec;

/**
 * {@code keys/<id>}: the master key sealed under a passphrase-derived key. Plain JSON (it must be readable before
 * any key is known); the {@code data} field is {@code nonce | AES-256-GCM(master key) | tag} with associated data
 * {@code 'K'}. Changing the passphrase writes a new key file with a new salt and removes the old one; the master
 * key, and so all data, stays the same.
 */
public record KeyFile(int version, Instant created, String host, KdfParams kdf, String data) {
    public static KeyFile wrap(byte[] masterKey, char[] passphrase, KdfParams kdf, String host, Instant created,
            NonceSource nonces) {
        byte[] wrappingKey = kdf.derive(passphrase);
        try {
            byte[] sealed = Crypto.seal(Crypto.newInstance("AES/GCM/NoPadding"), new SecretKeySpec(wrappingKey, "AES"),
                    nonces, SealKind.MASTER_KEY, masterKey, 0, masterKey.length);
            return new KeyFile(1, created, host, kdf, Base64.getEncoder().encodeToString(sealed));
        } finally {
            Arrays.fill(wrappingKey, (byte) 0);
        }
    }

    /** The master key, or {@link WrongPassphraseException} when the passphrase does not open this file. */
    public byte[] unwrap(char[] passphrase) throws WrongPassphraseException {
        byte[] wrappingKey = kdf.derive(passphrase);
        try {
            byte[] sealed = Base64.getDecoder().decode(data);
            return Crypto.open(Crypto.newInstance("AES/GCM/NoPadding"), new SecretKeySpec(wrappingKey, "AES"),
                    SealKind.MASTER_KEY, sealed, 0, sealed.length);
        } catch (IntegrityException e) {
            throw new WrongPassphraseException("the passphrase does not open this key");
        } finally {
            Arrays.fill(wrappingKey, (byte) 0);
        }
    }

    public byte[] toJson() {
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
    }

    public static KeyFile fromJson(byte[] json) {
        return Json.MAPPER.readValue(json, KeyFile.class);
    }
}
