package io.vaultfleet.agent.repo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import io.vaultfleet.agent.store.BlobStore;

/** Reads pack headers and checks whole packs. */
public final class PackReader {
    /** Upper bound on a header we accept: 64 MiB packs of 256 KiB chunks need ~10 KiB. */
    private static final int MAX_HEADER = 16 * 1024 * 1024;

    private PackReader() {
    }

    public static String blobName(String packId) {
        return "packs/" + packId.substring(0, 2) + "/" + packId;
    }

    /** Reads a pack's header from the end of the stored blob (two range reads). */
    public static List<PackEntry> readHeader(BlobStore store, Crypto crypto, String packId) throws IOException {
        String name = blobName(packId);
        long size = store.size(name);
        if (size < 4 + Crypto.OVERHEAD) {
            throw new IntegrityException("pack " + packId + " is truncated (" + size + " bytes)");
        }
        int tailGuess = (int) Math.min(size, 64 * 1024);
        byte[] tail = store.getRange(name, size - tailGuess, tailGuess);
        int headerLength = ByteBuffer.wrap(tail, tail.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (headerLength < Crypto.OVERHEAD || headerLength > MAX_HEADER || headerLength > size - 4) {
            throw new IntegrityException("pack " + packId + " has an invalid header length " + headerLength);
        }
        byte[] sealedHeader;
        int headerOffset;
        if (headerLength + 4 <= tail.length) {
            sealedHeader = tail;
            headerOffset = tail.length - 4 - headerLength;
        } else {
            sealedHeader = store.getRange(name, size - 4 - headerLength, headerLength);
            headerOffset = 0;
        }
        return parseHeader(crypto, packId, sealedHeader, headerOffset, headerLength, size - 4 - headerLength);
    }

    /** Parses the header of a pack held whole in memory. */
    public static List<PackEntry> readHeader(Crypto crypto, String packId, byte[] pack) throws IntegrityException {
        if (pack.length < 4 + Crypto.OVERHEAD) {
            throw new IntegrityException("pack " + packId + " is truncated (" + pack.length + " bytes)");
        }
        int headerLength = ByteBuffer.wrap(pack, pack.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (headerLength < Crypto.OVERHEAD || headerLength > pack.length - 4) {
            throw new IntegrityException("pack " + packId + " has an invalid header length " + headerLength);
        }
        int offset = pack.length - 4 - headerLength;
        return parseHeader(crypto, packId, pack, offset, headerLength, offset);
    }

    private static List<PackEntry> parseHeader(Crypto crypto, String packId, byte[] data, int offset, int length,
            long dataEnd) throws IntegrityException {
        byte[] plain;
        try {
            plain = crypto.open(SealKind.PACK_HEADER, data, offset, length);
        } catch (IntegrityException e) {
            throw new IntegrityException("pack " + packId + ": header fails authentication");
        }
        if (plain.length % PackEntry.HEADER_ENTRY_LENGTH != 0) {
            throw new IntegrityException("pack " + packId + ": header length is not a whole number of entries");
        }
        ByteBuffer buf = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
        List<PackEntry> entries = new ArrayList<>(plain.length / PackEntry.HEADER_ENTRY_LENGTH);
        long pos = 0;
        while (buf.hasRemaining()) {
            ChunkId id = ChunkId.readFrom(buf);
            int flags = buf.get() & 0xff;
            int sealedLength = buf.getInt();
            int plainLength = buf.getInt();
            entries.add(new PackEntry(id, flags, (int) pos, sealedLength, plainLength));
            pos += sealedLength;
        }
        if (pos != dataEnd) {
            throw new IntegrityException("pack " + packId + ": header describes " + pos + " bytes of chunks, pack holds "
                    + dataEnd);
        }
        return entries;
    }
}
