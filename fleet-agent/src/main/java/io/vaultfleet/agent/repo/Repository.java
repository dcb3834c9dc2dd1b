package io.vaultfleet.agent.repo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

import com.github.luben.zstd.Zstd;

import io.vaultfleet.agent.store.BlobInfo;
import io.vaultfleet.agent.store.BlobNotFoundException;
import io.vaultfleet.agent.store.BlobStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An opened repository: its config, its crypto (master key unlocked), and the operations on the small objects
 * (keys, index files, snapshots). Packs are written by the backup pipeline through {@link PackWriter}.
 */
public final class Repository {
    private static final Logger log = LoggerFactory.getLogger(Repository.class);
    public static final String CONFIG = "config";
    public static final String KEYS = "keys/";
    public static final String INDEX = "index/";
    public static final String SNAPSHOTS = "snapshots/";
    public static final String PACKS = "packs/";
    /**
     * Blobs {@code repair} set aside: {@code quarantine/<name>} hides {@code <name>} from every reader. Where the store
     * allows the agent to delete (a folder), the damaged blob itself is moved there; elsewhere (an Azure SAS without
     * delete) a small JSON marker saying why is written there and the blob stays in place (docs/format.md §1).
     */
    public static final String QUARANTINE = "quarantine/";

    private final BlobStore store;
    private final RepoConfig config;
    private final Crypto crypto;
    private final byte[] masterKey;
    private final String keyName;

    Repository(BlobStore store, RepoConfig config, byte[] masterKey, String keyName, NonceSource nonces) {
        this.store = store;
        this.config = config;
        this.masterKey = masterKey;
        this.keyName = keyName;
        this.crypto = new Crypto(masterKey, nonces);
    }

    public BlobStore store() {
        return store;
    }

    public RepoConfig config() {
        return config;
    }

    public Crypto crypto() {
        return crypto;
    }

    public ChunkSealer newSealer() {
        return new ChunkSealer(crypto, config.compressionLevel());
    }

    /** Creates a repository in an empty store. */
    public static Repository init(BlobStore store, char[] passphrase, RepoConfig.KdfDefaults kdf, String host)
            throws IOException {
        if (!store.list(CONFIG).isEmpty()) {
            throw new IOException("a repository already exists at " + store.describe());
        }
        String held = RepositoryLocation.contents(store);
        if (!held.isEmpty()) {
            // a second master key beside the old one would make every old backup look lost, and the next backup
            // would write data only the new key opens
            throw new IOException("refusing to create a repository at " + store.describe() + ": its config is "
                    + "missing but it holds " + held + " of an existing repository. Run 'fleet-agent repair' with "
                    + "that repository's passphrase to recreate the config; nothing here was changed");
        }
        SecureRandom random = new SecureRandom();
        byte[] id = new byte[32];
        random.nextBytes(id);
        RepoConfig config = new RepoConfig(RepoConfig.FORMAT_VERSION, HexFormat.of().formatHex(id),
                ChunkerParams.withSeed(random.nextLong()), RepoConfig.DEFAULT_PACK_TARGET,
                RepoConfig.DEFAULT_COMPRESSION_LEVEL, kdf);
        byte[] masterKey = new byte[Crypto.KEY_LENGTH];
        random.nextBytes(masterKey);
        String keyName = writeKey(store, config, masterKey, passphrase, host);
        store.put(CONFIG, config.toJson());
        return new Repository(store, config, masterKey, keyName, NonceSource.secureRandom());
    }

    private static String writeKey(BlobStore store, RepoConfig config, byte[] masterKey, char[] passphrase, String host)
            throws IOException {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        KdfParams params = KdfParams.argon2id(config.kdf().memoryKiB(), config.kdf().iterations(),
                config.kdf().parallelism(), salt);
        byte[] json = KeyFile.wrap(masterKey, passphrase, params, host, Instant.now(), NonceSource.secureRandom())
                .toJson();
        String name = KEYS + PackWriter.sha256Hex(json, 0, json.length);
        store.put(name, json);
        return name;
    }

    /** Opens the repository; {@link WrongPassphraseException} when no key file opens with the passphrase. */
    public static Repository open(BlobStore store, char[] passphrase) throws IOException {
        byte[] configJson;
        try {
            configJson = store.get(CONFIG);
        } catch (BlobNotFoundException e) {
            throw RepositoryLocation.missingConfig(store);
        }
        RepoConfig config = RepoConfig.fromJson(configJson);
        List<BlobInfo> keys = RepositoryLocation.keyFiles(store);
        if (keys.isEmpty()) {
            throw new IntegrityException("repository at " + store.describe() + " has no key files");
        }
        for (BlobInfo key : keys) {
            KeyFile file;
            try {
                file = KeyFile.fromJson(store.get(key.name()));
            } catch (RuntimeException e) {
                continue;
            }
            try {
                return new Repository(store, config, file.unwrap(passphrase), key.name(), NonceSource.secureRandom());
            } catch (WrongPassphraseException e) {
                // try the next key
            }
        }
        throw new WrongPassphraseException("wrong passphrase: none of the " + keys.size()
                + " key file(s) in " + store.describe() + " opens with it");
    }

    /** Rewraps the master key under a new passphrase: a new key file, then the old one removed. Data is untouched. */
    public String changePassphrase(char[] newPassphrase, String host) throws IOException {
        String newKey = writeKey(store, config, masterKey, newPassphrase, host);
        store.delete(keyName);
        return newKey;
    }

    /** Seals and stores one index file covering {@code packs}; returns its name. */
    public String writeIndex(Map<String, List<PackEntry>> packs) throws IOException {
        byte[] sealed = crypto.seal(SealKind.INDEX, IndexFile.encode(packs));
        String name = INDEX + PackWriter.sha256Hex(sealed, 0, sealed.length);
        store.put(name, sealed);
        return name;
    }

    public Map<String, List<PackEntry>> readIndexFile(String name) throws IOException {
        return IndexFile.decode(name, openIndexFile(name));
    }

    /** An index file's plaintext (the sealed bytes are garbage once it returns). */
    private byte[] openIndexFile(String name) throws IOException {
        byte[] sealed = store.get(name);
        try {
            return crypto.open(SealKind.INDEX, sealed);
        } catch (IntegrityException e) {
            throw new IntegrityException(name + " fails authentication (truncated or tampered, " + sealed.length
                    + " bytes)");
        }
    }

    /**
     * Seals and stores a snapshot; returns its id. Call only after every pack and index it needs is stored. A version
     * 4 snapshot (what backups write) is written in segments through a temporary file; an older version keeps its
     * layout (repair rewrites an old point in its own version).
     */
    public String writeSnapshot(Snapshot snapshot) throws IOException {
        if (snapshot.version() < 4) {
            return writeSealedSnapshot(sealSnapshot(crypto, snapshot));
        }
        Path file = Files.createTempFile("vaultfleet-snapshot-", ".tmp");
        try {
            return writeSnapshot(snapshot, snapshot.nodes(), file).id();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Writes a version 4 snapshot of {@code header}'s fields and {@code nodes} (stored order, each path once, iterated
     * once) to {@code file}, a segment at a time, then stores the file as {@code snapshots/<id>} without reading it
     * into memory. The file is left for the caller (the backup moves it into its metadata cache).
     */
    public SnapshotSegments.Written writeSnapshot(Snapshot header, Iterable<Snapshot.Node> nodes, Path file)
            throws IOException {
        SnapshotSegments.Written written = SnapshotSegments.write(crypto, header, nodes, file);
        store.putFile(SNAPSHOTS + written.id(), file);
        return written;
    }

    /** Stores a snapshot sealed by {@link #sealSnapshot}; returns its id. */
    public String writeSealedSnapshot(byte[] sealed) throws IOException {
        String id = PackWriter.sha256Hex(sealed, 0, sealed.length);
        store.put(SNAPSHOTS + id, sealed);
        return id;
    }

    /**
     * A snapshot's stored bytes in the layout of versions 2 and 3: {@code uint32 length of the sealed header ||
     * seal('S', zstd(header JSON)) || seal('N', zstd(nodes))}, the nodes naming the SHA-256 of the sealed header
     * (docs/format.md §8). Backups write version 4 ({@link SnapshotSegments}); this stays for repair of older points
     * and for tests that make a point as the agent wrote it before.
     */
    public static byte[] sealSnapshot(Crypto crypto, Snapshot snapshot) {
        return sealSnapshot(crypto, snapshot, snapshot.nodes());
    }

    /**
     * As {@link #sealSnapshot(Crypto, Snapshot)} with the nodes given apart from the header's fields (whose nodes
     * are ignored): a collection that is iterated twice, in stored order, such as a backup's spool of sorted runs.
     */
    public static byte[] sealSnapshot(Crypto crypto, Snapshot header, Collection<Snapshot.Node> nodes) {
        if (header.version() >= 4) {
            // this layout is version 3's (or 2's): a header saying 4 would send readers looking for segments
            header = new Snapshot(3, header.time(), header.host(), header.item(), header.paths(), header.parent(),
                    header.stats(), header.packs(), header.nodes());
        }
        byte[] sealedHeader = crypto.seal(SealKind.SNAPSHOT, Zstd.compress(SnapshotCodec.encodeHeader(header), 3));
        byte[] sealedNodes = crypto.seal(SealKind.SNAPSHOT_NODES,
                SnapshotCodec.encodeNodesCompressed(nodes, sha256(sealedHeader, 0, sealedHeader.length), 3));
        byte[] blob = new byte[4 + sealedHeader.length + sealedNodes.length];
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).putInt(sealedHeader.length);
        System.arraycopy(sealedHeader, 0, blob, 4, sealedHeader.length);
        System.arraycopy(sealedNodes, 0, blob, 4 + sealedHeader.length, sealedNodes.length);
        return blob;
    }

    private static byte[] sha256(byte[] data, int offset, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, offset, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] readSnapshotBlob(String id) throws IOException {
        return store.get(SNAPSHOTS + id);
    }

    /** A whole snapshot from its stored bytes; {@link IntegrityException} when they fail authentication or decoding. */
    public Snapshot decodeSnapshot(String id, byte[] blob) throws IntegrityException {
        List<Snapshot.Node> nodes = new ArrayList<>();
        Snapshot header = decodeSnapshot(id, blob, nodes::add);
        return withNodes(header, nodes);
    }

    private static Snapshot withNodes(Snapshot header, List<Snapshot.Node> nodes) {
        return new Snapshot(header.version(), header.time(), header.host(), header.item(), header.paths(),
                header.parent(), header.stats(), header.packs(), nodes);
    }

    /**
     * A snapshot's header (nodes empty) from its stored bytes, each node handed to {@code nodes} as it is decoded, so
     * a caller that keeps only some (or a compact form) never holds them all; {@link IntegrityException} when the
     * bytes fail authentication or decoding (the sink may then have seen some nodes).
     */
    public Snapshot decodeSnapshot(String id, byte[] blob, Consumer<Snapshot.Node> nodes)
            throws IntegrityException {
        try {
            return readSnapshot(id, SnapshotSegments.Source.of(blob), null, nodes);
        } catch (IntegrityException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException(e); // memory does not fail to read
        }
    }

    /**
     * A stored snapshot's header (nodes empty), each node handed to {@code nodes} as it is read: a version 4 point
     * (segments) one segment at a time with range reads, never whole; an older one read whole, as before.
     * {@link IntegrityException} when it fails authentication or decoding (the sink may have seen some nodes; a
     * {@link RuntimeException} of the sink ends the reading and is the cause of the {@link IntegrityException}).
     */
    public Snapshot readSnapshot(String id, Consumer<Snapshot.Node> nodes) throws IOException {
        return readSnapshot(id, null, nodes);
    }

    /**
     * As {@link #readSnapshot(String, Consumer)}, starting (version 4) at the segment that holds
     * {@code fromPath} or the place it would have: nodes before it may still be handed over, so the sink filters;
     * older versions hand over every node.
     */
    public Snapshot readSnapshot(String id, String fromPath, Consumer<Snapshot.Node> nodes)
            throws IOException {
        return readSnapshot(id, SnapshotSegments.Source.of(store, SNAPSHOTS + id), fromPath, nodes);
    }

    /** As {@link #readSnapshot(String, String, Consumer)} from any copy of the blob's bytes. */
    public Snapshot readSnapshot(String id, SnapshotSegments.Source source, String fromPath,
            Consumer<Snapshot.Node> nodes) throws IOException {
        int first = 64 * 1024;
        byte[] start = source.read(0, first);
        int headerLength = headerLength(id, start, start.length < first ? start.length : Long.MAX_VALUE);
        byte[] sealedHeader = 4L + headerLength <= start.length ? Arrays.copyOfRange(start, 4, 4 + headerLength)
                : source.read(4, headerLength);
        if (sealedHeader.length != headerLength) {
            throw new IntegrityException("snapshot " + id + " is truncated");
        }
        Snapshot header = openHeader(id, sealedHeader, 0, headerLength);
        byte[] digest = sha256(sealedHeader, 0, headerLength);
        if (header.version() >= 4) {
            start = null;
            SnapshotSegments.Table table = SnapshotSegments.readTable(crypto, id, source, headerLength, digest);
            SnapshotSegments.readNodes(crypto, id, source, table, digest, fromPath, nodes);
            return header;
        }
        byte[] blob = start.length < first ? start : source.read(0, (int) Math.min(Integer.MAX_VALUE - 16,
                source.size()));
        start = null;
        int nodesOffset = 4 + headerLength;
        byte[] compressed;
        try {
            compressed = crypto.open(SealKind.SNAPSHOT_NODES, blob, nodesOffset, blob.length - nodesOffset);
        } catch (IntegrityException e) {
            throw new IntegrityException("snapshot " + id + " fails authentication (nodes)");
        }
        blob = null;
        try {
            SnapshotCodec.decodeNodesFrame(compressed, digest, nodes);
            return header;
        } catch (RuntimeException e) {
            throw new IntegrityException("snapshot " + id + " does not decode: " + e.getMessage(), e);
        }
    }

    /**
     * A snapshot's header fields only ({@code nodes} empty), read with one range read of the blob's start (two when
     * the header is larger than 64 KiB): enough for listing and for finding the latest.
     */
    public Snapshot readSnapshotHeader(String id) throws IOException {
        String name = SNAPSHOTS + id;
        int first = 64 * 1024;
        byte[] start = store.getRange(name, 0, first);
        // a short read is the whole blob: its length bounds the header's
        int headerLength = headerLength(id, start, start.length < first ? start.length : Long.MAX_VALUE);
        if (4L + headerLength <= start.length) {
            return openHeader(id, start, 4, headerLength);
        }
        byte[] header = store.getRange(name, 4, headerLength);
        if (header.length != headerLength) {
            throw new IntegrityException("snapshot " + id + " is truncated");
        }
        return openHeader(id, header, 0, headerLength);
    }

    private static int headerLength(String id, byte[] blob, long blobLength) throws IntegrityException {
        if (blob.length < 4) {
            throw new IntegrityException("snapshot " + id + " is truncated (" + blob.length + " bytes)");
        }
        long n = ByteBuffer.wrap(blob, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        if (n < Crypto.OVERHEAD || 4 + n > blobLength) {
            throw new IntegrityException("snapshot " + id + " has an invalid header length " + n);
        }
        return (int) n;
    }

    private Snapshot openHeader(String id, byte[] data, int offset, int length) throws IntegrityException {
        byte[] compressed;
        try {
            compressed = crypto.open(SealKind.SNAPSHOT, data, offset, length);
        } catch (IntegrityException e) {
            throw new IntegrityException("snapshot " + id + " fails authentication");
        }
        try {
            return SnapshotCodec.decodeHeader(decompress(compressed));
        } catch (RuntimeException e) {
            throw new IntegrityException("snapshot " + id + " does not decode: " + e.getMessage(), e);
        }
    }

    private static byte[] decompress(byte[] frame) {
        long size = Zstd.getFrameContentSize(frame);
        if (size < 0 || size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("no usable content size in the zstd frame");
        }
        return Zstd.decompress(frame, (int) size);
    }

    /** A whole snapshot, every node in a list: for tests and small points only (callers that scale use a sink). */
    public Snapshot readSnapshot(String id) throws IOException {
        List<Snapshot.Node> nodes = new ArrayList<>();
        return withNodes(readSnapshot(id, nodes::add), nodes);
    }

    /**
     * Recovery-point headers that read, and the ones that do not ({@code damaged}: id → why). A damaged header never
     * hides the others: {@code list} shows the readable ones and warns about each damaged one, {@code restore latest}
     * picks among the readable ones.
     */
    public record Headers(Map<String, Snapshot> readable, Map<String, String> damaged) {
    }

    public Headers readHeaders() throws IOException {
        Map<String, Snapshot> readable = new TreeMap<>();
        Map<String, String> damaged = new TreeMap<>();
        for (String id : snapshotIds()) {
            try {
                readable.put(id, readSnapshotHeader(id));
            } catch (IntegrityException | BlobNotFoundException e) {
                damaged.put(id, e.getMessage());
            }
        }
        return new Headers(readable, damaged);
    }

    /** As {@link #resolveSnapshot(String, Consumer)}, damaged headers logged as warnings. */
    public String resolveSnapshot(String idOrPrefix) throws IOException {
        return resolveSnapshot(idOrPrefix, warning -> log.warn("{}", warning));
    }

    /**
     * Resolves a unique id prefix or "latest" (newest time among the headers that read; each damaged one is passed to
     * {@code warnings} by name and skipped).
     */
    public String resolveSnapshot(String idOrPrefix, Consumer<String> warnings) throws IOException {
        if ("latest".equals(idOrPrefix)) {
            Headers headers = readHeaders();
            headers.damaged().forEach((id, why) -> warnings.accept("recovery point " + id
                    + " skipped: its header is damaged (" + why + "); 'fleet-agent repair' sets it aside"));
            if (headers.readable().isEmpty()) {
                throw new IOException(headers.damaged().isEmpty() ? "the repository has no recovery points"
                        : "the repository has no readable recovery points (" + headers.damaged().size()
                                + " damaged)");
            }
            String best = null;
            Instant bestTime = Instant.MIN;
            for (var e : headers.readable().entrySet()) {
                Instant time = Instant.parse(e.getValue().time());
                if (time.isAfter(bestTime)) {
                    bestTime = time;
                    best = e.getKey();
                }
            }
            return best;
        }
        List<String> ids = snapshotIds();
        List<String> matches = ids.stream().filter(id -> id.startsWith(idOrPrefix)).toList();
        if (matches.size() != 1) {
            throw new IOException(matches.isEmpty() ? "no recovery point " + idOrPrefix
                    : "recovery point prefix " + idOrPrefix + " is ambiguous");
        }
        return matches.get(0);
    }

    /** Recovery point ids, without those {@code repair} set aside. */
    public List<String> snapshotIds() throws IOException {
        return listUnquarantined(SNAPSHOTS).stream().map(n -> n.substring(SNAPSHOTS.length())).sorted().toList();
    }

    /** Index file names, without those {@code repair} set aside. */
    public List<String> indexNames() throws IOException {
        return listUnquarantined(INDEX).stream().sorted().toList();
    }

    /** Stored pack ids with their sizes, without packs {@code repair} set aside. */
    public Map<String, Long> storedPacks() throws IOException {
        Set<String> quarantined = Quarantine.names(store);
        Map<String, Long> result = new HashMap<>();
        for (BlobInfo b : store.list(PACKS)) {
            String name = b.name();
            if (!quarantined.contains(name)) {
                result.put(name.substring(name.lastIndexOf('/') + 1), b.size());
            }
        }
        return result;
    }

    private List<String> listUnquarantined(String prefix) throws IOException {
        Set<String> quarantined = Quarantine.names(store);
        return store.list(prefix).stream().map(BlobInfo::name).filter(n -> !quarantined.contains(n)).toList();
    }

    /**
     * The result of loading every index file: the merged index (only packs that are stored), the files that could not
     * be read, and the packs index files name that are no longer stored ({@code absentPacks}: removed by the console's
     * retention clean-up; their index entries are ignored, so nothing deduplicates against or reads from them).
     * Closing it closes the index (which owns scratch files, decision 021).
     */
    public record LoadedIndex(Index index, List<String> damagedIndexFiles, Set<String> absentPacks,
            List<String> damagedIndexNames) implements AutoCloseable {
        @Override
        public void close() {
            index.close();
        }
    }

    public LoadedIndex loadIndex() throws IOException {
        Map<String, Long> stored = storedPacks();
        Index index = new Index();
        try {
            return loadInto(index, stored);
        } catch (IOException | RuntimeException e) {
            index.close();
            throw e;
        }
    }

    private LoadedIndex loadInto(Index index, Map<String, Long> stored) throws IOException {
        List<String> damaged = new ArrayList<>();
        List<String> damagedNames = new ArrayList<>();
        Set<String> absent = new TreeSet<>();
        for (String name : indexNames()) {
            try {
                byte[] plain = openIndexFile(name);
                // the table made room for this file's live entries at once (one rehash at most, not one per doubling:
                // a rehash holds two tables); sized by what is live, not by the file's size, because index files
                // keep naming the packs retention clean-up removed (decision 037)
                long[] live = {0};
                IndexFile.visit(name, plain, (packId, entries) -> {
                    if (stored.containsKey(packId)) {
                        live[0] += entries.size();
                    }
                });
                index.reserve(index.chunkCount() + live[0]);
                // entries decoded one at a time into the index's table, not a list of objects per file (decision 037)
                IndexFile.visit(name, plain, (packId, entries) -> {
                    if (stored.containsKey(packId)) {
                        index.addPack(packId, entries);
                    } else {
                        absent.add(packId);
                        index.addRemovedPack(packId, entries);
                    }
                });
            } catch (IntegrityException e) {
                damaged.add(e.getMessage() + "; 'fleet-agent repair index' replaces it");
                damagedNames.add(name);
            }
        }
        return new LoadedIndex(index, damaged, absent, damagedNames);
    }

    /**
     * Packs that are stored but in no index (left by an interrupted backup, or whose index was damaged): reads their
     * headers, adds them to {@code index} and returns them, so the caller can write a new index covering them.
     * Packs whose header fails are returned in {@code unreadable}.
     */
    public Map<String, List<PackEntry>> adoptUnindexedPacks(Index index, List<String> unreadable) throws IOException {
        Map<String, List<PackEntry>> adopted = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>(storedPacks().keySet());
        ids.sort(Comparator.naturalOrder());
        for (String packId : ids) {
            if (index.hasPack(packId)) {
                continue;
            }
            try {
                List<PackEntry> entries = PackReader.readHeader(store, crypto, packId);
                index.addPack(packId, entries);
                adopted.put(packId, entries);
            } catch (IntegrityException | BlobNotFoundException e) {
                unreadable.add(e.getMessage());
            }
        }
        return adopted;
    }

    public void wipeKey() {
        Arrays.fill(masterKey, (byte) 0);
    }
}
