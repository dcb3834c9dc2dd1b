package io.vaultfleet.agent.repo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds one pack in memory: sealed chunks back to back, then the sealed header listing them, then the header's
 * length (uint32 little endian). The pack id is the SHA-256 of the finished bytes. Not thread-safe.
 */
public final class PackWriter {
    /** A finished pack, ready to upload to {@code packs/<first two hex digits>/<id>}. */
    public record FinishedPack(String id, byte[] bytes, int length, List<PackEntry> entries) {
        public String blobName() {
            return PackReader.blobName(id);
        }
    }

    private final Crypto crypto;
    private byte[] buf;
    private int size;
    private final List<PackEntry> entries = new ArrayList<>();

    public PackWriter(Crypto crypto, int initialCapacity) {
        this(crypto, new byte[initialCapacity]);
    }

    /** Builds the pack in {@code buffer} (grown if a chunk does not fit): the backup hands in pooled buffers. */
    public PackWriter(Crypto crypto, byte[] buffer) {
        this.crypto = crypto;
        this.buf = buffer;
    }

    public int size() {
        return size;
    }

    public int count() {
        return entries.size();
    }

    /** Copies the chunk's sealed bytes in (the chunk's buffer may be reused afterwards). */
    public void add(ChunkSealer.SealedChunk chunk) {
        int length = chunk.sealedLength();
        ensure(length);
        System.arraycopy(chunk.sealed(), 0, buf, size, length);
        entries.add(new PackEntry(chunk.id(), chunk.flags(), size, length, chunk.plainLength()));
        size += length;
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }

    public FinishedPack finish() {
        byte[] sealedHeader = sealHeader(crypto, entries);
        ensure(sealedHeader.length + 4);
        System.arraycopy(sealedHeader, 0, buf, size, sealedHeader.length);
        size += sealedHeader.length;
        ByteBuffer.wrap(buf, size, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(sealedHeader.length);
        size += 4;
        return new FinishedPack(sha256Hex(buf, 0, size), buf, size, List.copyOf(entries));
    }

    /** The pack header listing {@code entries}, sealed: what follows the chunks in every pack. */
    static byte[] sealHeader(Crypto crypto, List<PackEntry> entries) {
        ByteBuffer header = ByteBuffer.allocate(entries.size() * PackEntry.HEADER_ENTRY_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        for (PackEntry e : entries) {
            e.id().writeTo(header);
            header.put((byte) e.flags()).putInt(e.sealedLength()).putInt(e.plainLength());
        }
        return crypto.seal(SealKind.PACK_HEADER, header.array());
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256Hex(byte[] data, int offset, int length) {
        MessageDigest md = newSha256();
        md.update(data, offset, length);
        return HexFormat.of().formatHex(md.digest());
    }
}
