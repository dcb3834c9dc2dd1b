package io.vaultfleet.agent.repo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A pack's entries as they are appended while it is built, kept as 45 bytes each (id, flags, offset, sealed and plain
 * length, as in an index file) in pages of {@value #PER_PAGE}, and made into {@link PackEntry} objects only when
 * read. A pack of tiny files' chunks has up to 65,536 entries and a backup holds several such packs until their index
 * file is written: as a {@code PackEntry} and a {@code ChunkId} each (~85 bytes with the list's slot) they were ~13 MB
 * of the heap of a first backup of small files, promoted and copied by every collection (decision 039). Appending is
 * for the one thread that builds the pack; reading, once it is built, for any. {@link #add} is not supported: the
 * list a finished pack hands out is not to be changed.
 */
public final class PackEntries extends AbstractList<PackEntry> implements RandomAccess {
    /** An entry as an index file holds it ({@link IndexFile#putEntry}). */
    static final int RECORD = IndexFile.ENTRY_LENGTH;
    static final int PER_PAGE = 1024;
    private static final int FIRST_PAGE = 16;

    private final List<byte[]> pages = new ArrayList<>();
    private int size;

    /** Appends an entry (the page it goes to grows from 16 entries, so a pack of a few large chunks stays small). */
    public void append(ChunkId id, int flags, int offset, int sealedLength, int plainLength) {
        int at = size % PER_PAGE;
        if (at == 0) {
            pages.add(new byte[FIRST_PAGE * RECORD]);
        }
        byte[] page = pages.getLast();
        if ((at + 1) * RECORD > page.length) {
            page = Arrays.copyOf(page, Math.min(PER_PAGE * RECORD, page.length * 2));
            pages.set(pages.size() - 1, page);
        }
        IndexFile.putEntry(ByteBuffer.wrap(page, at * RECORD, RECORD).order(ByteOrder.LITTLE_ENDIAN), id, flags,
                offset, sealedLength, plainLength);
        size++;
    }

    @Override
    public PackEntry get(int index) {
        Objects.checkIndex(index, size);
        byte[] page = pages.get(index / PER_PAGE);
        return IndexFile.entryAt(page, ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN), index % PER_PAGE * RECORD);
    }

    @Override
    public int size() {
        return size;
    }
}
