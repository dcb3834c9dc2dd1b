package io.vaultfleet.agent.repo;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
                e.id().writeTo(buf);
                buf.put((byte) e.flags()).putInt(e.offset()).putInt(e.sealedLength()).putInt(e.plainLength());
            }
        });
        return buf.array();
    }

    public static Map<String, List<PackEntry>> decode(String name, byte[] plain) throws IntegrityException {
        try {
            ByteBuffer buf = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[4];
            buf.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IntegrityException(name + ": not an index (bad magic)");
            }
            int packCount = buf.getInt();
            Map<String, List<PackEntry>> packs = new LinkedHashMap<>();
            for (int p = 0; p < packCount; p++) {
                byte[] id = new byte[32];
                buf.get(id);
                int n = buf.getInt();
                if (n < 0 || (long) n * ENTRY_LENGTH > buf.remaining()) {
                    throw new IntegrityException(name + ": entry count out of range");
                }
                List<PackEntry> entries = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    ChunkId chunk = ChunkId.readFrom(buf);
                    int flags = buf.get() & 0xff;
                    entries.add(new PackEntry(chunk, flags, buf.getInt(), buf.getInt(), buf.getInt()));
                }
                packs.put(HexFormat.of().formatHex(id), entries);
            }
            if (buf.hasRemaining()) {
                throw new IntegrityException(name + ": trailing bytes");
            }
            return packs;
        } catch (BufferUnderflowException e) {
            throw new IntegrityException(name + ": truncated");
        }
    }
}
