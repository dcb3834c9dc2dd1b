package io.vaultfleet.agent.repo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a JVM with a small heap by {@link IndexSmallHeapTest}: loads {@code count} synthetic chunks into an index in
 * packs of 10,000, then looks every one up and checks its location. Prints {@code found <n> missing <m> heap <bytes>}.
 * With a third argument {@code crash} it halts after loading, without closing the index (a crashed agent).
 */
public final class IndexLoadCheck {
    private IndexLoadCheck() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        int perPack = 10_000;
        try (Index index = new Index(dir)) {
            for (int p = 0; p * perPack < count; p++) {
                List<PackEntry> entries = new ArrayList<>(perPack);
                for (int i = p * perPack; i < Math.min(count, (p + 1) * perPack); i++) {
                    entries.add(IndexTest.entry(i));
                }
                index.addPack(IndexTest.pack(p), entries);
            }
            if (args.length > 2 && args[2].equals("crash")) {
                System.out.println("halting with " + index.tableFile().getFileName() + " open");
                System.out.flush();
                Runtime.getRuntime().halt(3);
            }
            long found = 0;
            for (int i = 0; i < count; i++) {
                Index.Location loc = index.lookup(IndexTest.id(i));
                if (loc != null && loc.offset() == IndexTest.entry(i).offset()
                        && loc.packId().equals(IndexTest.pack(i / perPack))) {
                    found++;
                }
            }
            long missing = index.contains(IndexTest.id(count)) ? 1 : 0;
            System.gc();
            Runtime rt = Runtime.getRuntime();
            System.out.println("chunks " + index.chunkCount() + " found " + found + " missing " + missing + " heap "
                    + (rt.totalMemory() - rt.freeMemory()) + " file " + java.nio.file.Files.size(index.tableFile()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
