package io.vaultfleet.agent.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.luben.zstd.Zstd;

import io.vaultfleet.agent.backup.RoundTripScenario;
import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.repo.SealKind;
import io.vaultfleet.agent.repo.Snapshot;
import io.vaultfleet.agent.repo.SnapshotCodec;
import io.vaultfleet.agent.store.FolderStore;
import io.vaultfleet.protocol.EntryKind;
import io.vaultfleet.protocol.FolderEntry;

/**
 * A Windows server's recovery point (names stored as WTF-8, separator {@code \}, drive-letter roots) browsed from a
 * Linux target, as *Another server* does: the point is written here with Windows names, as a Windows agent writes
 * it (docs/format.md §8), since this machine cannot back up NTFS.
 */
class WindowsPointBrowserTest {
    @TempDir
    Path work;

    private static Snapshot.Node node(String path, Snapshot.Type type) {
        return new Snapshot.Node(path, type, -1, -1, -1, null, null, 1_700_000_000_000_000_000L, 0, 0, 0, 0, null, 0,
                List.of());
    }

    @Test
    void drivesBackslashesAndLoneSurrogatesBrowseAsOnWindows() throws Exception {
        Repository repo = Repository.init(new FolderStore(work.resolve("repo")), RoundTripScenario.PASSPHRASE,
                RoundTripScenario.CHEAP_KDF, "h");
        List<Snapshot.Node> nodes = new ArrayList<>(List.of(
                node("C:\\Data", Snapshot.Type.DIR),
                node("C:\\Data\\a.txt", Snapshot.Type.FILE),
                node("C:\\Data\\Sub", Snapshot.Type.DIR),
                node("C:\\Data\\Sub\\b.txt", Snapshot.Type.FILE),
                node("C:\\Data\\lone\uD800.txt", Snapshot.Type.FILE),
                node("C:\\Data Two", Snapshot.Type.DIR)));
        nodes.sort((x, y) -> FileNames.Encoding.WTF8.compare(x.path(), y.path()));
        // the version 3 layout (one sealed nodes object), built by hand to choose the Windows name encoding
        Snapshot point = new Snapshot(3, "2026-12-07T03:00:00Z", "SRV-WIN", "FILES_AND_FOLDERS",
                List.of("C:\\Data", "C:\\Data Two"), null, new Snapshot.Stats(3, 3, 0, 0, 0, 0, 0, 0, 0), List.of(),
                nodes);
        byte[] header = repo.crypto().seal(SealKind.SNAPSHOT, Zstd.compress(SnapshotCodec.encodeHeader(point), 3));
        byte[] sealedNodes = repo.crypto().seal(SealKind.SNAPSHOT_NODES, Zstd.compress(SnapshotCodec.encodeNodes(nodes,
                MessageDigest.getInstance("SHA-256").digest(header), FileNames.Encoding.WTF8), 3));
        byte[] blob = ByteBuffer.allocate(4 + header.length + sealedNodes.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(header.length).put(header).put(sealedNodes).array();
        repo.writeSealedSnapshot(blob);
        PointBrowser browser = new PointBrowser(repo);

        assertThat(browser.page("latest", "", null, 10, null).entries()).extracting(FolderEntry::path)
                .containsExactly("C:\\Data", "C:\\Data Two");
        List<FolderEntry> data = browser.page("latest", "C:\\Data", null, 10, null).entries();
        assertThat(data).extracting(FolderEntry::name).containsExactly("Sub", "a.txt", "lone\\uD800.txt");
        assertThat(data).extracting(FolderEntry::kind).containsExactly(EntryKind.FOLDER, EntryKind.FILE, EntryKind.FILE);
        assertThat(data.get(2).path()).isEqualTo("C:\\Data\\lone\\uD800.txt");
        assertThat(browser.page("latest", data.get(0).path(), null, 10, null).entries()).extracting(FolderEntry::name)
                .containsExactly("b.txt");
        PointBrowser.Page first = browser.page("latest", "C:\\Data", null, 2, null);
        assertThat(browser.page("latest", "C:\\Data", first.nextCursor(), 2, null).entries())
                .extracting(FolderEntry::name).containsExactly("lone\\uD800.txt");
    }
}
