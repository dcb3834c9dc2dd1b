package io.vaultfleet.agent.repair;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import io.vaultfleet.agent.repo.ChunkerParams;
import io.vaultfleet.agent.repo.Crypto;
import io.vaultfleet.agent.repo.IntegrityException;
import io.vaultfleet.agent.repo.KeyFile;
import io.vaultfleet.agent.repo.NonceSource;
import io.vaultfleet.agent.repo.PackReader;
import io.vaultfleet.agent.repo.Quarantine;
import io.vaultfleet.agent.repo.RepoConfig;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.repo.RepositoryLocation;
import io.vaultfleet.agent.repo.SealKind;
import io.vaultfleet.agent.repo.WrongPassphraseException;
import io.vaultfleet.agent.store.BlobInfo;
import io.vaultfleet.agent.store.BlobStore;

/**
 * Recreates a lost {@code config} from what the location proves: a key file that opens with the passphrase, and
 * packs, index files or recovery points that key authenticates (so a key of some other repository is never taken
 * for this one's). What cannot be derived from stored data is chosen anew and reported: the repository id (the
 * agent's metadata cache starts cold) and the chunker's gear seed (new backups cut files at other places, so they
 * deduplicate less against older ones until each file has been backed up once more).
 */
public final class ConfigRepair {
    /** How many blobs of each kind are tried as proof; one that authenticates is enough. */
    private static final int PROOF_TRIES = 3;

    private ConfigRepair() {
    }

    /** Returns whether a config was written. */
    public static boolean run(BlobStore store, char[] passphrase, RepairReport report) throws IOException {
        if (!store.list(Repository.CONFIG).isEmpty()) {
            return false;
        }
        if (RepositoryLocation.contents(store).isEmpty()) {
            throw new IOException("no repository at " + store.describe() + ": the location is empty, there is "
                    + "nothing to repair ('fleet-agent init' creates a repository)");
        }
        List<BlobInfo> keys = RepositoryLocation.keyFiles(store);
        if (keys.isEmpty()) {
            throw new IntegrityException("the config of " + store.describe() + " is missing and no key file is left: "
                    + "without one the master key, and so every backup here, cannot be opened");
        }
        byte[] masterKey = null;
        KeyFile opened = null;
        for (BlobInfo key : keys) {
            try {
                KeyFile file = KeyFile.fromJson(store.get(key.name()));
                masterKey = file.unwrap(passphrase);
                opened = file;
                break;
            } catch (WrongPassphraseException | RuntimeException e) {
                // a garbled key file or another passphrase's key: try the next
            }
        }
        if (masterKey == null) {
            throw new WrongPassphraseException("wrong passphrase: none of the " + keys.size() + " key file(s) in "
                    + store.describe() + " opens with it, so the config cannot be recreated");
        }
        Crypto crypto = new Crypto(masterKey, NonceSource.secureRandom());
        String proof = prove(store, crypto);
        SecureRandom random = new SecureRandom();
        byte[] id = new byte[32];
        random.nextBytes(id);
        RepoConfig config = new RepoConfig(RepoConfig.FORMAT_VERSION, HexFormat.of().formatHex(id),
                ChunkerParams.withSeed(random.nextLong()), RepoConfig.DEFAULT_PACK_TARGET,
                RepoConfig.DEFAULT_COMPRESSION_LEVEL, new RepoConfig.KdfDefaults(opened.kdf().algorithm(),
                        opened.kdf().memoryKiB(), opened.kdf().iterations(), opened.kdf().parallelism()));
        store.put(Repository.CONFIG, config.toJson());
        Arrays.fill(masterKey, (byte) 0);
        report.did("recreated config (format " + RepoConfig.FORMAT_VERSION + ", new repository id "
                + config.id().substring(0, 12) + "); the passphrase's key " + proof);
        report.did("the chunker's gear seed cannot be derived from stored data: a new one was chosen, so new backups "
                + "cut files at other places and store them again instead of deduplicating against older backups "
                + "(once per file); every existing backup stays readable");
        return true;
    }

    /**
     * Sets aside key files that do not parse: they open nothing (a passphrase only they opened is lost with them), and
     * kept in place they would make every {@code verify} report the same damage.
     */
    public static void setAsideDamagedKeys(BlobStore store, RepairReport report) throws IOException {
        for (BlobInfo key : RepositoryLocation.keyFiles(store)) {
            try {
                KeyFile.fromJson(store.get(key.name()));
            } catch (RuntimeException e) {
                report.did(Quarantine.setAside(store, key.name(), "does not parse as a key file") + ": it does not "
                        + "parse as a key file, so it opened nothing");
            }
        }
    }

    /** Checks that the key opens stored data; returns what it opened, for the report. */
    private static String prove(BlobStore store, Crypto crypto) throws IOException {
        int tried = 0;
        for (BlobInfo pack : first(store.list(Repository.PACKS))) {
            tried++;
            String packId = pack.name().substring(pack.name().lastIndexOf('/') + 1);
            try {
                PackReader.readHeader(store, crypto, packId);
                return "opens pack " + packId.substring(0, 12);
            } catch (IntegrityException e) {
                // damaged or not ours: try another
            }
        }
        for (BlobInfo index : first(store.list(Repository.INDEX))) {
            tried++;
            try {
                crypto.open(SealKind.INDEX, store.get(index.name()));
                return "opens " + index.name();
            } catch (IntegrityException e) {
                // damaged or not ours
            }
        }
        if (tried > 0) {
            throw new IntegrityException("the key that opens with this passphrase authenticates none of the " + tried
                    + " pack(s) and index file(s) tried at " + store.describe() + ": it is not the key of the data "
                    + "here (or all of it is damaged); config not written");
        }
        return "opens; the location holds no packs or index files to check it against";
    }

    private static List<BlobInfo> first(List<BlobInfo> blobs) {
        return blobs.stream().sorted(Comparator.comparing(BlobInfo::name)).limit(PROOF_TRIES).toList();
    }
}
