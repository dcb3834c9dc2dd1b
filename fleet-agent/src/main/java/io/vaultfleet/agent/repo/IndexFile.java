package io.vaultfleet.agent.repo;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The plaintext of {@code index/<id>} before sealing: {@code "VFI1"}, pack count (uint32 LE), then per pack its
 * 32-byte id, entry count (uint32 LE) and entries of 45 bytes: chunk id(32) flags(1) offset(4) sealed length(4)
 * plain length(4).
 */
public final class IndexFile {
    private static final byte[] MAGIC = "VFI1".getBytes(StandardCharsets.US_ASCII);
    static final int ENTRY_LENGTH = 45;

    private IndexFile() {
    }

    public static byte[] encode(Map<String, List<PackEntry>> packs) {
        int size = 8;
        for (List<PackEntry> entries : packs.values()) {
            size += 36 + entries.size() * ENTRY_LENGTH;
        }
        ByteBuffer buf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putInt(packs.size());
        packs.forEach((packId, entries) -> {
            buf.put(HexFormat.of().parseHex(packId)).putInt(entries.size());
            for (PackEntry e : entries) {
                putEntry(buf, e.id(), e.flags(), e.offset(), e.sealedLength(), e.plainLength());
            }
        });
        return buf.array();
    }

    /**
     * Writes one entry ({@link #ENTRY_LENGTH} bytes) at {@code le}'s position, a little-endian buffer: the id's 32
     * bytes, flags, offset, sealed and plain length. {@link PackEntries} keeps a pack's entries in the same form.
     */
    static void putEntry(ByteBuffer le, ChunkId id, int flags, int offset, int sealedLength, int plainLength) {
        le.order(ByteOrder.BIG_ENDIAN).putLong(id.a()).putLong(id.b()).putLong(id.c()).putLong(id.d())
                .order(ByteOrder.LITTLE_ENDIAN).put((byte) flags).putInt(offset).putInt(sealedLength)
                .putInt(plainLength);
    }

    /** The entry {@link #putEntry} wrote at {@code at} of {@code bytes} ({@code le}: a little-endian view of them). */
    static PackEntry entryAt(byte[] bytes, ByteBuffer le, int at) {
        return new PackEntry(ChunkId.of(bytes, at), le.get(at + 32) & 0xff, le.getInt(at + 33), le.getInt(at + 37),
                le.getInt(at + 41));
    }

    /** One pack of an index file: its id and its entries (see {@link #visit}). */
    @FunctionalInterface
    public interface PackVisitor {
        void pack(String packId, List<PackEntry> entries);
    }

    /** Every pack with its entries, each entry a new object: for small files and tests ({@link #visit} otherwise). */
    public static Map<String, List<PackEntry>> decode(String name, byte[] plain) throws IntegrityException {
        Map<String, List<PackEntry>> packs = new LinkedHashMap<>();
        visit(name, plain, (packId, entries) -> packs.put(packId, List.copyOf(entries)));
        return packs;
    }

    /**
     * Checks the whole plaintext first (magic, counts, no trailing bytes), then hands {@code visitor} each pack with
     * a list that decodes its entries from {@code plain} when read: loading the index of a million chunks makes no
     * object per chunk that outlives its insertion (decision 037: decoding a 44 MB index file into objects held ~100
     * MB of heap). The list is valid only during the call.
     */
    public static void visit(String name, byte[] plain, PackVisitor visitor) throws IntegrityException {
        ByteBuffer buf = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
        int packCount = check(name, buf);
        buf.position(MAGIC.length + 4);
        for (int p = 0; p < packCount; p++) {
            byte[] id = new byte[32];
            buf.get(id);
            int n = buf.getInt();
            visitor.pack(HexFormat.of().formatHex(id), new Entries(plain, buf.position(), n));
            buf.position(buf.position() + n * ENTRY_LENGTH);
        }
    }

    /** The pack count, once the structure is whole. */
    private static int check(String name, ByteBuffer buf) throws IntegrityException {
        try {
            byte[] magic = new byte[MAGIC.length];
            buf.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IntegrityException(name + ": not an index (bad magic)");
            }
            int packCount = buf.getInt();
            if (packCount < 0) {
                throw new IntegrityException(name + ": pack count out of range");
            }
            for (int p = 0; p < packCount; p++) {
                buf.position(buf.position() + 32); // IllegalArgumentException past the end
                int n = buf.getInt();
                if (n < 0 || (long) n * ENTRY_LENGTH > buf.remaining()) {
                    throw new IntegrityException(name + ": entry count out of range");
                }
                buf.position(buf.position() + n * ENTRY_LENGTH);
            }
            if (buf.hasRemaining()) {
                throw new IntegrityException(name + ": trailing bytes");
            }
            return packCount;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new IntegrityException(name + ": truncated");
        }
    }

    /** A pack's entries, decoded from the plaintext on each read. */
    private static final class Entries extends AbstractList<PackEntry> implements RandomAccess {
        private final byte[] bytes;
        private final ByteBuffer plain;
        private final int start;
        private final int size;

        Entries(byte[] plain, int start, int size) {
            this.bytes = plain;
            this.plain = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
            this.start = start;
            this.size = size;
        }

        @Override
        public PackEntry get(int i) {
            Objects.checkIndex(i, size);
            return entryAt(bytes, plain, start + i * ENTRY_LENGTH);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
