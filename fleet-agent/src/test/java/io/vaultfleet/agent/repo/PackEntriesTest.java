package io.vaultfleet.agent.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class PackEntriesTest {

    @Test
    void entriesReadBackAsAppendedAcrossPagesAndGrowingPages() {
        Random random = new Random(7);
        PackEntries entries = new PackEntries();
        List<PackEntry> expected = new ArrayList<>();
        // past two full pages: the first grows 16 -> 1024 entries, the third starts small again
        for (int i = 0; i < 2 * PackEntries.PER_PAGE + 37; i++) {
            ChunkId id = new ChunkId(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
            // flags up to 255 and lengths up to Integer.MAX_VALUE survive the compact form
            PackEntry e = new PackEntry(id, i % 256, random.nextInt(Integer.MAX_VALUE), random.nextInt(1 << 24),
                    i == 5 ? Integer.MAX_VALUE : random.nextInt(1 << 24));
            entries.append(e.id(), e.flags(), e.offset(), e.sealedLength(), e.plainLength());
            expected.add(e);
        }
        assertThat(entries).hasSize(expected.size()).containsExactlyElementsOf(expected);
        assertThat(entries.get(PackEntries.PER_PAGE)).isEqualTo(expected.get(PackEntries.PER_PAGE));
        assertThatThrownBy(() -> entries.get(expected.size())).isInstanceOf(IndexOutOfBoundsException.class);
        // the list a finished pack hands out cannot be changed through the List interface
        assertThatThrownBy(() -> entries.add(expected.getFirst())).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new PackEntries()).isEmpty();
    }

    @Test
    void aPackBuiltInAFileListsItsEntriesAsItsHeaderDoes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Repository repo = Repository.init(new io.vaultfleet.agent.store.FolderStore(dir.resolve("repo")),
                "correct horse battery".toCharArray(), KeyFileTest.CHEAP, "host");
        ChunkSealer sealer = repo.newSealer();
        PackFileWriter.FinishedFile finished;
        try (PackFileWriter writer = new PackFileWriter(repo.crypto(), dir.resolve("pack"))) {
            for (int i = 0; i < 3000; i++) {
                byte[] data = ("chunk " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                writer.add(sealer.seal(repo.crypto().chunkId(data, 0, data.length), data, 0, data.length));
            }
            finished = writer.finish();
        }
        byte[] pack = java.nio.file.Files.readAllBytes(finished.file());
        assertThat(finished.entries()).hasSize(3000)
                .containsExactlyElementsOf(PackReader.readHeader(repo.crypto(), finished.id(), pack));
    }
}
