package io.vaultfleet.agent.recovery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;

import io.vaultfleet.agent.enrollment.StorageAccess;
import io.vaultfleet.agent.identity.AgentIdentity;
import io.vaultfleet.agent.net.ProxySettings;
import io.vaultfleet.agent.platform.SecretProtection;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.store.ReadOnlyStore;
import io.vaultfleet.agent.store.StoreLocation;

/**
 * How the service opens repositories for Recover Data: this server's own (the storage its console grants and the
 * passphrase kept at registration in {@value #PASSPHRASE_FILE}, the file {@code fleet-agent register} writes), and
 * another server's from the location the console granted.
 */
public final class OwnBackups {
    /** Where registration keeps the passphrase (protected by DPAPI on Windows, owner-only elsewhere). */
    public static final String PASSPHRASE_FILE = "secrets/passphrase";

    private OwnBackups() {
    }

    /** This server's own repository; refused in words when the agent is not registered or keeps no passphrase. */
    public static RecoverySessions.OwnRepository of(Optional<AgentIdentity> identity, Path home,
                                                    SecretProtection secrets, RecoverySessions.StoreOpener stores) {
        return () -> {
            AgentIdentity id = identity.orElseThrow(() -> new IOException("this agent is not registered: it has no "
                    + "backups of its own"));
            Path kept = home.resolve(PASSPHRASE_FILE);
            if (!Files.exists(kept)) {
                throw new IOException("this agent keeps no passphrase (" + kept + "): restore its backups as another "
                        + "server's, typing the passphrase");
            }
            String location;
            try {
                location = new StorageAccess(id, home).requestOrKept(Clock.systemUTC()).repository();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while asking the console for storage", e);
            }
            byte[] bytes = secrets.load(kept);
            char[] passphrase = null;
            try {
                CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
                passphrase = new char[chars.remaining()];
                chars.get(passphrase);
                Arrays.fill(chars.array(), '\0');
                // a restore reads only: the grant could create blobs, this store refuses to
                return Repository.open(new ReadOnlyStore(stores.open(location)), passphrase);
            } finally {
                Arrays.fill(bytes, (byte) 0);
                if (passphrase != null) {
                    Arrays.fill(passphrase, '\0');
                }
            }
        };
    }

    /** Opens {@code folder:} and {@code azure:} locations through the agent's proxy, retrying transient failures. */
    public static RecoverySessions.StoreOpener stores(Path home, SecretProtection secrets) {
        return location -> StoreLocation.parse(location).open(0, ProxySettings.load(home, secrets).orElse(null));
    }
}
