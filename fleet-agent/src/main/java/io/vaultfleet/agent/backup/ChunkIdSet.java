package io.vaultfleet.agent.backup;

import io.vaultfleet.agent.repo.ChunkId;

/**
 * A set of chunk ids held as their four longs in one array (open addressing, linear probing, deletion by shifting
 * back, so no tombstones), behind one lock. The backup's chunks in flight (sealed, their pack not yet in the index)
 * were a {@code ConcurrentHashMap} key set: a node and a {@code ChunkId} each (~130 bytes), and a first backup of
 * tiny files has up to 65,536 in each pack being filled or uploaded (decision 039). Here an id takes 32 bytes a slot
 * at three quarters full at most (43-85 bytes an id). Ids are HMAC outputs: their first long is a uniform hash.
 */
final class ChunkIdSet {
    private static final int MIN_CAPACITY = 1024;

    private long[] slots;
    private boolean[] used;
    private int mask;
    private int size;

    ChunkIdSet() {
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        slots = new long[capacity * 4];
        used = new boolean[capacity];
        mask = capacity - 1;
    }

    /** Adds {@code id}; false if it was there already. */
    synchronized boolean add(ChunkId id) {
        if (indexOf(id) >= 0) {
            return false;
        }
        if ((size + 1) * 4L > (mask + 1) * 3L) {
            grow();
        }
        put(id.a(), id.b(), id.c(), id.d());
        size++;
        return true;
    }

    /** Removes {@code id}; false if it was not there. */
    synchronized boolean remove(ChunkId id) {
        int i = indexOf(id);
        if (i < 0) {
            return false;
        }
        used[i] = false;
        size--;
        // shift back the entries after it in its run that may not be found past the hole any more
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (!used[j]) {
                return true;
            }
            int home = home(slots[j * 4]);
            boolean staysReachable = i <= j ? i < home && home <= j : i < home || home <= j;
            if (!staysReachable) {
                System.arraycopy(slots, j * 4, slots, i * 4, 4);
                used[i] = true;
                used[j] = false;
                i = j;
            }
        }
    }

    synchronized boolean contains(ChunkId id) {
        return indexOf(id) >= 0;
    }

    synchronized int size() {
        return size;
    }

    private int home(long a) {
        return (int) (a ^ (a >>> 32)) & mask;
    }

    private int indexOf(ChunkId id) {
        for (int i = home(id.a()); used[i]; i = (i + 1) & mask) {
            int at = i * 4;
            if (slots[at] == id.a() && slots[at + 1] == id.b() && slots[at + 2] == id.c() && slots[at + 3] == id.d()) {
                return i;
            }
        }
        return -1;
    }

    private void put(long a, long b, long c, long d) {
        int i = home(a);
        while (used[i]) {
            i = (i + 1) & mask;
        }
        int at = i * 4;
        slots[at] = a;
        slots[at + 1] = b;
        slots[at + 2] = c;
        slots[at + 3] = d;
        used[i] = true;
    }

    private void grow() {
        long[] oldSlots = slots;
        boolean[] oldUsed = used;
        allocate(oldUsed.length * 2);
        for (int i = 0; i < oldUsed.length; i++) {
            if (oldUsed[i]) {
                int at = i * 4;
                put(oldSlots[at], oldSlots[at + 1], oldSlots[at + 2], oldSlots[at + 3]);
            }
        }
    }
}
