package io.vaultfleet.agent.cli;

import io.vaultfleet.agent.enrollment.StorageAccess;
import io.vaultfleet.agent.host.HostInfo;
import io.vaultfleet.agent.identity.AgentIdentity;
import io.vaultfleet.agent.platform.SecretProtection;
import io.vaultfleet.agent.repo.RepoConfig;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import io.vaultfleet.agent.host.AgentHome;
import io.vaultfleet.agent.host.OldGenerationBound;
import io.vaultfleet.agent.host.PhaseLog;
import io.vaultfleet.agent.net.ProxySettings;
import io.vaultfleet.agent.platform.current.CurrentPlatform;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.repo.RepositoryLocation;
import io.vaultfleet.agent.schedule.PolicyStore;
import io.vaultfleet.agent.store.BlobStore;
import io.vaultfleet.agent.store.RetryingStore;
import io.vaultfleet.agent.store.StoreLocation;
import io.vaultfleet.agent.store.ThrottledStore;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options every repository command shares. The passphrase comes from {@code --passphrase-file}, else
 * {@code VAULTFLEET_PASSPHRASE}, else a prompt on the terminal; it is never logged or printed.
 */
public final class RepositoryOptions {
    public static final String PASSPHRASE_ENV = "VAULTFLEET_PASSPHRASE";
    public static final int MIN_PASSPHRASE = 16;

    @Option(names = "--repo", paramLabel = "LOCATION",
            description = "folder:<path> or azure:<container URL with SAS token>; a registered agent without it uses "
                    + "the storage its console assigns to this server")
    String repo;

    @Option(names = "--credentials", paramLabel = "FILE",
            description = "A secondary-region (restore-only) credentials file from the vault's Backup Configuration > "
                    + "Cross Region Restore: opens a server's copy there read-only (restore, list, browse, verify); "
                    + "the passphrase is that server's, typed here")
    Path restoreCredentials;

    @Option(names = "--server", paramLabel = "NAME",
            description = "With --credentials: the server whose copy to open (its name or id; not needed when the "
                    + "file names one server)")
    String server;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "File holding the encryption passphrase (else env " + PASSPHRASE_ENV + ", else a prompt)")
    Path passphraseFile;

    @Option(names = "--home", paramLabel = "DIR", description = "Agent state folder (holds the cache)")
    Path home;

    @Option(names = "--limit-upload", paramLabel = "KiB/s", description = "Upload bandwidth limit (0: none)")
    long limitUploadKiB;

    private RetryingStore.StorageWaits storageWaits =
            RetryingStore.StorageWaits.NONE;

    /** Who hears when operations on the store wait for it to come back (a backup shows WAITING_FOR_STORAGE). */
    public void onStorageWaits(RetryingStore.StorageWaits waits) {
        this.storageWaits = waits;
    }

    /** Whether the repository is the one the console assigned (so the first backup may create it). */
    public boolean consoleAssigned() {
        return repo == null || assigned;
    }

    private boolean assigned;
    private boolean fromCredentials;

    /** The commands that only read a repository: the only ones a restore-only credentials file may open. */
    private String readOnlyCommand() {
        Object user = command == null ? null : command.userObject();
        boolean reads = user instanceof RestoreCommand || user instanceof ListCommand || user instanceof BrowseCommand
                || user instanceof VerifyCommand;
        return reads ? null : (command == null ? "this command" : command.name());
    }

    /**
     * Opens the repository's store. Without {@code --limit-upload}, the throttling of the backup policy stored in the
     * agent's home applies to uploads and restores, by the time of day of each transfer.
     */
    public BlobStore openStore() throws IOException {
        String location = repoLocation();
        BlobStore store = StoreLocation.parse(location).open(limitUploadKiB * 1024,
                ProxySettings.load(agentHome().root(), CurrentPlatform.secretProtection()).orElse(null), storageWaits);
        if (limitUploadKiB > 0) {
            return store;
        }
        var policy = new PolicyStore(agentHome().root()).load().policy();
        if (policy.isEmpty() || policy.get().throttle() == null) {
            return store;
        }
        var throttle = policy.get().throttle();
        var zone = policy.get().schedule().zone();
        Clock clock = Clock.systemUTC();
        return new ThrottledStore(store, () -> throttle.bytesPerSecondAt(clock.instant(), zone),
                true);
    }

    /** Uploads at once allowed by the stored policy's throttling, or {@code fallback} without one. */
    public int concurrentUploads(int fallback) {
        var policy = new PolicyStore(agentHome().root()).load().policy();
        return policy.map(p -> p.throttle()).map(t -> Math.min(fallback, t.maxConcurrentUploads())).orElse(fallback);
    }

    private String repoLocation() throws IOException {
        if (restoreCredentials != null && !fromCredentials) {
            if (repo != null) {
                throw new IllegalArgumentException("give --repo or --credentials, not both");
            }
            repo = RestoreCredentials.read(restoreCredentials, server, readOnlyCommand(), Clock.systemUTC());
            fromCredentials = true;
            return repo;
        }
        if (server != null && restoreCredentials == null) {
            throw new IllegalArgumentException("--server goes with --credentials (a secondary-region credentials file)");
        }
        if (repo != null) {
            return repo;
        }
        AgentIdentity identity = AgentIdentity.load(agentHome().root(), CurrentPlatform.secretProtection()).orElseThrow(() -> new IllegalArgumentException(
                "give --repo: this agent is not registered with a console that could assign its storage"));
        try {
            repo = new StorageAccess(identity, agentHome().root()).requestOrKept(Clock.systemUTC()).repository();
            assigned = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking the console for storage", e);
        }
        return repo;
    }

    public AgentHome agentHome() {
        return AgentHome.resolve(home);
    }

    public Path cacheDir() {
        return AgentHome.resolve(home).root().resolve("cache");
    }

    public char[] passphrase(String prompt) throws IOException {
        // another server's copy: this agent's kept passphrase is for its own backups, never tried on someone else's
        if (restoreCredentials == null && passphraseFile == null && System.getenv(PASSPHRASE_ENV) == null) {
            Path kept = agentHome().root().resolve(RegisterCommand.PASSPHRASE_FILE);
            if (Files.exists(kept)) {
                // the passphrase chosen at registration, kept for scheduled backups (DPAPI / owner-only)
                return new String(CurrentPlatform.secretProtection().load(kept), StandardCharsets.UTF_8).toCharArray();
            }
        }
        return readPassphrase(passphraseFile, PASSPHRASE_ENV, prompt);
    }

    static char[] readPassphrase(Path file, String env, String prompt) throws IOException {
        if (file != null) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.strip().toCharArray();
        }
        String value = System.getenv(env);
        if (value != null && !value.isEmpty()) {
            return value.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("no passphrase: use --passphrase-file, set " + env
                    + ", or run on a terminal to be prompted");
        }
        char[] p = console.readPassword("%s: ", prompt);
        if (p == null || p.length == 0) {
            throw new IllegalArgumentException("no passphrase entered");
        }
        return p;
    }

    static void checkStrength(char[] passphrase) {
        if (passphrase.length < MIN_PASSPHRASE) {
            throw new IllegalArgumentException("the passphrase must be at least " + MIN_PASSPHRASE + " characters");
        }
    }

    public Repository open() throws IOException {
        BlobStore store = openStore();
        char[] passphrase = passphrase("Passphrase for " + store.describe());
        if (consoleAssigned() && store.list(Repository.CONFIG).isEmpty()) {
            if (!RepositoryLocation.contents(store).isEmpty()) {
                // config lost but data there: repair, never a second master key beside the old one
                throw RepositoryLocation.missingConfig(store);
            }
            // the first backup of a registered server creates its repository, as MARS does
            checkStrength(passphrase);
            Repository created = Repository.init(store, passphrase, RepoConfig.KdfDefaults.recommended(),
                    HostInfo.current().hostName());
            PhaseLog.mark("repository created (key derived)");
            return afterKeyDerivation(created); // the first backup is the largest: the same memory measures
        }
        Repository opened = Repository.open(store, passphrase);
        PhaseLog.mark("repository open (key derived)");
        return afterKeyDerivation(opened);
    }

    private static Repository afterKeyDerivation(Repository opened) {
        // Argon2id just filled 19 MiB (46 MiB in repositories created before decision 039) with a block object per
        // KiB, all live long enough to be promoted: the serial collector
        // would keep that garbage in the old generation, which it grows rather than collects until the heap cap, for
        // the whole run. One full collection now, while the heap holds little else, gives it back (decision 033:
        // 57 MB -> 8 MB of heap in ~0.1 s on the loaded test machine)
        System.gc();
        PhaseLog.mark("key derivation's memory collected");
        // and from now on, what is promoted and dropped is collected before it adds up (decision 033)
        OldGenerationBound.start();
        return opened;
    }
}
