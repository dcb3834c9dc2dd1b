package io.vaultfleet.agent.repo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import io.vaultfleet.agent.platform.HeapChannelIo;

/**
 * Builds one pack in a file, in the layout {@link PackWriter} builds in memory (sealed chunks back to back, the sealed
 * header, its length): a backup keeps its packs on disk between sealing and upload instead of in 21 MiB heap buffers
 * (issue 17, decision 034; restic does the same with its temporary pack files). The SHA-256 that names the pack is
 * computed as the bytes are written, so the file is never read back for it. The file is the caller's to upload and
 * delete; {@link #close()} without {@link #finish()} deletes it. Not thread-safe.
 */
public final class PackFileWriter implements AutoCloseable {

    /** A finished pack in {@code file}, ready to upload to {@code packs/<first two hex digits>/<id>}. */
    public record FinishedFile(String id, Path file, int length, List<PackEntry> entries) {
        public String blobName() {
            return PackReader.blobName(id);
        }
    }

    private final Crypto crypto;
    private final Path file;
    private final FileChannel channel;
    private final MessageDigest sha256;
    private final PackEntries entries = new PackEntries();
    private int size;
    private boolean finished;

    /** Creates {@code file} (which must not exist) and writes the pack into it. */
    public PackFileWriter(Crypto crypto, Path file) throws IOException {
        this.crypto = crypto;
        this.file = file;
        this.sha256 = PackWriter.newSha256();
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    public int size() {
        return size;
    }

    public int count() {
        return entries.size();
    }

    /** Appends the chunk's sealed bytes (the chunk's buffer may be reused as soon as this returns). */
    public void add(ChunkSealer.SealedChunk chunk) throws IOException {
        int length = chunk.sealedLength();
        write(chunk.sealed(), 0, length);
        entries.append(chunk.id(), chunk.flags(), size, length, chunk.plainLength());
        size += length;
    }

    private void write(byte[] data, int offset, int length) throws IOException {
        sha256.update(data, offset, length);
        HeapChannelIo.write(channel, data, offset, length);
    }

    /** Appends the sealed header and its length and closes the file (not flushed: the store's put makes it durable). */
    public FinishedFile finish() throws IOException {
        byte[] sealedHeader = PackWriter.sealHeader(crypto, entries);
        write(sealedHeader, 0, sealedHeader.length);
        byte[] length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(sealedHeader.length).array();
        write(length, 0, 4);
        // offsets in a pack are 32-bit (PackEntry); packs are tens of MiB
        int total = Math.addExact(size, sealedHeader.length + 4);
        channel.close();
        finished = true;
        return new FinishedFile(HexFormat.of().formatHex(sha256.digest()), file, total, entries);
    }

    /** Closes the file; one never finished is deleted (a failed backup leaves no half pack behind). */
    @Override
    public void close() throws IOException {
        channel.close();
        if (!finished) {
            Files.deleteIfExists(file);
        }
    }
}
