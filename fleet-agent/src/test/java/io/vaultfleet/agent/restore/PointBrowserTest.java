package io.vaultfleet.agent.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vaultfleet.agent.backup.Backup;
import io.vaultfleet.agent.backup.FileOpener;
import io.vaultfleet.agent.backup.RoundTripScenario;
import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.store.FolderStore;
import io.vaultfleet.protocol.EntryKind;
import io.vaultfleet.protocol.FolderEntry;

/** Pages of a recovery point's folders as the console's *Select items* asks for them. */
class PointBrowserTest {
    @TempDir
    Path work;

    private Repository backUp(Path source) throws Exception {
        Repository repo = Repository.init(new FolderStore(work.resolve("repo")), RoundTripScenario.PASSPHRASE,
                RoundTripScenario.CHEAP_KDF, "h");
        new Backup(repo, RoundTripScenario.options(source, null, FileOpener.DEFAULT)).run();
        return repo;
    }

    @Test
    void rootsThenNestedFoldersWithKindsSizesAndPathsThatBrowseFurther() throws Exception {
        Path source = work.resolve("src");
        Files.createDirectories(source.resolve("docs/deep"));
        Files.writeString(source.resolve("docs/a.txt"), "alpha");
        Files.writeString(source.resolve("docs/deep/z.txt"), "zz");
        Files.writeString(source.resolve("top.bin"), "123456789");
        Files.createSymbolicLink(source.resolve("link"), Path.of("top.bin"));
        PointBrowser browser = new PointBrowser(backUp(source));

        PointBrowser.Page roots = browser.page("latest", "", null, 10, null);
        assertThat(roots.entries()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo(source.toString());
            assertThat(e.kind()).isEqualTo(EntryKind.FOLDER);
        });
        assertThat(roots.nextCursor()).isNull();

        PointBrowser.Page top = browser.page("latest", roots.entries().get(0).path(), null, 10, null);
        assertThat(top.entries()).extracting(FolderEntry::name).containsExactly("docs", "link", "top.bin");
        assertThat(top.entries()).extracting(FolderEntry::kind)
                .containsExactly(EntryKind.FOLDER, EntryKind.SYMLINK, EntryKind.FILE);
        assertThat(top.entries().get(2).size()).isEqualTo(9);
        assertThat(top.entries().get(2).modifiedAt()).isNotNull();

        PointBrowser.Page docs = browser.page("latest", top.entries().get(0).path(), null, 10, null);
        assertThat(docs.entries()).extracting(FolderEntry::name).containsExactly("a.txt", "deep");
        assertThat(docs.entries()).extracting(FolderEntry::path)
                .containsExactly(source.resolve("docs/a.txt").toString(), source.resolve("docs/deep").toString());
        assertThat(browser.page("latest", docs.entries().get(1).path(), null, 10, null).entries())
                .extracting(FolderEntry::name).containsExactly("z.txt");
    }

    @Test
    void pagesThroughAHundredThousandEntriesInOrderWithoutRepeatsAndEndsWithNoCursor() throws Exception {
        Path source = work.resolve("many");
        Files.createDirectories(source);
        int count = 100_000;
        for (int i = 0; i < count; i++) {
            Files.createFile(source.resolve(String.format("f%06d", i)));
        }
        Files.createDirectories(source.resolve("zz-sub"));
        Files.createFile(source.resolve("zz-sub/inner"));
        PointBrowser browser = new PointBrowser(backUp(source));

        long started = System.nanoTime();
        PointBrowser.Page first = browser.page("latest", source.toString(), null, 500, null);
        System.out.printf("first page of a folder of %,d entries: %.1f ms%n", count + 1,
                (System.nanoTime() - started) / 1e6);
        assertThat(first.entries()).hasSize(500);
        assertThat(first.entries().get(0).name()).isEqualTo("f000000");

        List<String> all = new ArrayList<>(first.entries().stream().map(FolderEntry::name).toList());
        String cursor = first.nextCursor();
        while (cursor != null) {
            PointBrowser.Page page = browser.page("latest", source.toString(), cursor, 2000, null);
            all.addAll(page.entries().stream().map(FolderEntry::name).toList());
            cursor = page.nextCursor();
        }
        assertThat(all).hasSize(count + 1).doesNotHaveDuplicates().endsWith("zz-sub");
        assertThat(all.subList(0, count)).isSorted();
        // exactly a page's worth left: the last page is full and still says it is the last
        PointBrowser.Page tail = browser.page("latest", source.toString(),
                PointBrowser.encodeCursor(all.get(count - 2000)), 2000, null);
        assertThat(tail.entries()).hasSize(2000);
        assertThat(tail.nextCursor()).isNull();
    }

    @Test
    void aPageOfVeryLongNamesEndsBeforeItWouldOverflowAFrameAndSaysThereIsMore() throws Exception {
        Path source = work.resolve("src");
        Files.createDirectories(source);
        for (int i = 0; i < 2000; i++) {
            Files.createFile(source.resolve(String.format("%04d", i) + "x".repeat(246)));
        }
        PointBrowser browser = new PointBrowser(backUp(source));
        PointBrowser.Page first = browser.page("latest", source.toString(), null, 2000, null);
        long chars = first.entries().stream().mapToLong(e -> e.name().length() + e.path().length()).sum();
        assertThat(first.entries().size()).isLessThan(2000);
        assertThat(chars).isLessThanOrEqualTo(PointBrowser.MAX_PAGE_CHARS + 2 * 32_767);
        assertThat(first.nextCursor()).isNotNull();
        PointBrowser.Page rest = browser.page("latest", source.toString(), first.nextCursor(), 2000, null);
        assertThat(first.entries().size() + rest.entries().size()).isEqualTo(2000);
        assertThat(rest.nextCursor()).isNull();
    }

    @Test
    void nameContainsIsCaseInsensitiveAndPagesToo() throws Exception {
        Path source = work.resolve("src");
        Files.createDirectories(source);
        for (String name : List.of("Report-2024.pdf", "report-2025.PDF", "notes.txt", "REPORTS", "x-report")) {
            Files.writeString(source.resolve(name), name);
        }
        PointBrowser browser = new PointBrowser(backUp(source));
        PointBrowser.Page first = browser.page("latest", source.toString(), null, 2, "RePort");
        assertThat(first.entries()).extracting(FolderEntry::name).containsExactly("REPORTS", "Report-2024.pdf");
        PointBrowser.Page second = browser.page("latest", source.toString(), first.nextCursor(), 2, "report");
        assertThat(second.entries()).extracting(FolderEntry::name).containsExactly("report-2025.PDF", "x-report");
        assertThat(second.nextCursor()).isNull();
        assertThat(browser.page("latest", source.toString(), null, 10, "nothing-like-it").entries()).isEmpty();
    }

    @Test
    void namesThatAreNotTextAreShownEscapedAndTheirPathsBrowseAndRestore() throws Exception {
        Path source = work.resolve("src");
        Files.createDirectories(source);
        String odd = FileNames.fromPosixBytes("caf\u00e9-".getBytes(StandardCharsets.ISO_8859_1), 0, 5);
        Path oddFolder = FileNames.path(FileNames.name(source) + "/" + odd);
        Files.createDirectories(oddFolder);
        Files.writeString(oddFolder.resolve("inside.txt"), "inside");
        Files.writeString(source.resolve("spaces and ünïcödé.txt"), "u");
        Repository repo = backUp(source);
        PointBrowser browser = new PointBrowser(repo);

        PointBrowser.Page page = browser.page("latest", source.toString(), null, 10, null);
        assertThat(page.entries()).extracting(FolderEntry::name).containsExactly("caf\\xe9-", "spaces and ünïcödé.txt");
        String shownPath = page.entries().get(0).path();
        assertThat(shownPath).isEqualTo(source + "/caf\\xe9-");
        assertThat(browser.page("latest", shownPath, null, 10, null).entries()).extracting(FolderEntry::name)
                .containsExactly("inside.txt");

        Path out = work.resolve("out");
        new Restorer(repo).restore(new Restorer.Options("latest", List.of(shownPath), out, 1));
        Path restored = Restorer.destination(FileNames.name(oddFolder), out).resolve("inside.txt");
        assertThat(restored).hasContent("inside");
    }

    @Test
    void aFolderNotInThePointAFileAsFolderAndABadCursorAreNamed() throws Exception {
        Path source = work.resolve("src");
        Files.createDirectories(source);
        Files.writeString(source.resolve("f.txt"), "f");
        PointBrowser browser = new PointBrowser(backUp(source));
        assertThatThrownBy(() -> browser.page("latest", source + "/nope", null, 10, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not in recovery point");
        assertThatThrownBy(() -> browser.page("latest", source + "/f.txt", null, 10, null))
                .hasMessageContaining("is not a folder there");
        assertThatThrownBy(() -> browser.page("latest", source.toString(), "***", 10, null))
                .hasMessageContaining("cursor is not one this agent gave");
        assertThat(browser.page("latest", source.toString(), PointBrowser.encodeCursor("f.txt"), 10, null).entries())
                .as("a cursor at the end: an empty last page").isEmpty();
    }
}
