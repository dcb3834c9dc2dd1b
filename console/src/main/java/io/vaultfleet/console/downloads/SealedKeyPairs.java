package io.vaultfleet.console.downloads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.KeyPair;

import io.vaultfleet.console.platform.DataFolder;
import io.vaultfleet.console.storage.MasterKey;
import io.vaultfleet.protocol.vault.CredentialsSigner;

/** The console's Ed25519 key pairs: the private half sealed with the {@link MasterKey}, the public half beside it. */
final class SealedKeyPairs {
    private SealedKeyPairs() {
    }

    /**
     * The key pair kept under {@code privateName} (sealed) and {@code publicName} (X.509) in the data folder, made and
     * kept there on first use; {@code what} names it in the error when it cannot be read.
     */
    static KeyPair loadOrCreate(DataFolder data, MasterKey master, String privateName, String publicName, String what) {
        try {
            var sealed = master.read(privateName);
            if (sealed.isPresent() && Files.exists(data.resolve(publicName))) {
                return CredentialsSigner.keyPair(sealed.get(), Files.readAllBytes(data.resolve(publicName)));
            }
            KeyPair keys = CredentialsSigner.generateKeyPair();
            master.write(privateName, keys.getPrivate().getEncoded());
            data.writeOwnerOnly(publicName, keys.getPublic().getEncoded());
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + what, e);
        }
    }
}
