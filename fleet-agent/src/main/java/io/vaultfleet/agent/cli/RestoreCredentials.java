package io.vaultfleet.agent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.vaultfleet.protocol.vault.CredentialsVerifier;
import io.vaultfleet.protocol.vault.RestoreSource;
import io.vaultfleet.protocol.vault.VaultCredentials;

/**
 * {@code --credentials FILE}: a secondary-region (restore-only) credentials file, as Azure Backup's MARS agent uses a
 * vault credentials file to recover another server's data ("Recover data to an alternate server"). The file is checked
 * here (its signature and expiry, with the key it carries: the console is not asked, so a site loss that took the
 * console too does not stop a restore), must be restore-only, and names the server copy to open read-only.
 */
final class RestoreCredentials {
    private RestoreCredentials() {
    }

    /**
     * The repository location of {@code server}'s copy in the file; refused with the reason when the file is not a
     * valid restore-only file, names no such server, or {@code writingCommand} (non-null) would write to the copy.
     */
    static String read(Path file, String server, String writingCommand, Clock clock) throws IOException {
        if (writingCommand != null) {
            throw new IllegalArgumentException("--credentials opens a secondary-region copy read-only: only restore, "
                    + "list, browse and verify take it, not " + writingCommand);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no credentials file at " + file);
        }
        if (Files.size(file) > 64 * 1024) {
            throw new IllegalArgumentException(file + " is too large to be a credentials file");
        }
        CredentialsVerifier.Verification check = CredentialsVerifier.selfContained(clock).verify(Files.readAllBytes(file));
        if (check.credentials() != null && !check.credentials().restoreOnly()) {
            throw new IllegalArgumentException(file + " is vault credentials for registering a server (fleet-agent "
                    + "register --vault-credentials); --credentials takes a secondary-region credentials file, "
                    + "downloaded from the vault's Backup Configuration > Cross Region Restore");
        }
        if (!check.valid()) {
            throw new IllegalArgumentException("the credentials file cannot be used (" + check.outcome() + "): "
                    + check.reason());
        }
        VaultCredentials credentials = check.credentials();
        RestoreSource source = pick(credentials, server);
        if (!clock.instant().isBefore(source.expiresAt())) {
            throw new IllegalArgumentException("the access to " + source.serverName() + "'s copy expired at "
                    + source.expiresAt() + "; download new secondary-region credentials");
        }
        return source.repository();
    }

    private static RestoreSource pick(VaultCredentials credentials, String server) {
        List<RestoreSource> sources = credentials.restoreSources();
        if (server == null) {
            if (sources.size() == 1) {
                return sources.getFirst();
            }
            throw new IllegalArgumentException("the file holds the copies of " + sources.size() + " servers of vault '"
                    + credentials.vaultName() + "': choose one with --server (" + names(sources) + ")");
        }
        String wanted = server.trim();
        return sources.stream().filter(s -> s.serverId().toString().equalsIgnoreCase(wanted)
                        || s.serverName().toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no server '" + wanted + "' in the file's "
                        + "copies of vault '" + credentials.vaultName() + "' (it has: " + names(sources) + ")"));
    }

    private static String names(List<RestoreSource> sources) {
        return sources.stream().map(RestoreSource::serverName).sorted().collect(Collectors.joining(", "));
    }
}
