package io.vaultfleet.console.downloads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.PublicKey;

import io.vaultfleet.console.platform.DataFolder;
import io.vaultfleet.protocol.vault.CredentialsSigner;
import org.springframework.stereotype.Component;

/**
 * The console's Ed25519 key for vault credentials: generated on first start, kept in
 * {@code <data>/keys/credentials-signing.key} (PKCS#8, owner-only) and {@code .pub} (X.509).
 */
@Component
public class ConsoleSigningKey {
    static final String PRIVATE = "keys/credentials-signing.key";
    static final String PUBLIC = "keys/credentials-signing.pub";
    private final CredentialsSigner signer;

    ConsoleSigningKey(DataFolder data) {
        try {
            KeyPair keys;
            if (Files.exists(data.resolve(PRIVATE)) && Files.exists(data.resolve(PUBLIC))) {
                keys = CredentialsSigner.keyPair(Files.readAllBytes(data.resolve(PRIVATE)),
                        Files.readAllBytes(data.resolve(PUBLIC)));
            } else {
                keys = CredentialsSigner.generateKeyPair();
                data.writeOwnerOnly(PRIVATE, keys.getPrivate().getEncoded());
                data.writeOwnerOnly(PUBLIC, keys.getPublic().getEncoded());
            }
            this.signer = new CredentialsSigner(keys);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the credentials signing key", e);
        }
    }

    CredentialsSigner signer() {
        return signer;
    }

    public PublicKey publicKey() {
        return signer.publicKey();
    }

    public String keyId() {
        return signer.keyId();
    }
}
