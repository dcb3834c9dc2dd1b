package io.vaultfleet.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vssadmin / wmic replayed from recordings; the ledger in the agent home is real. */
class ShadowCopiesTest {
    @TempDir
    Path home;

    private static String fixture(String name) {
        return new String(RecordedCommandRunner.fixture("vssadmin/" + name), StandardCharsets.ISO_8859_1);
    }

    @Test
    void parsesRecordedCreateAndList() {
        assertThat(VssadminOutput.created(fixture("create-shadow-success.txt"))).contains(new VssadminOutput.ShadowCopy(
                "{7db8a36a-6d3a-4e25-8ef0-097355ec9f3b}", "\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy3"));
        assertThat(VssadminOutput.created(fixture("create-shadow-error.txt"))).isEmpty();
        assertThat(VssadminOutput.listed(fixture("list-shadows.txt"))).containsExactly(new VssadminOutput.ShadowCopy(
                "{1b46c89e-9d8e-4161-b55b-22e37f5b46dc}", "\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy4"));
        assertThat(VssadminOutput.wmicCreatedId(fixture("wmic-shadowcopy-create.txt"))).contains("{1B46C89E-9D8E-4161-B55B-22E37F5B46DC}");
        assertThat(VssadminOutput.deletedOrGone(fixture("delete-shadow-quiet.txt"), 0)).isTrue();
        assertThat(VssadminOutput.deletedOrGone(fixture("delete-shadow-gone.txt"), 1)).isTrue();
        assertThat(VssadminOutput.deletedOrGone(fixture("create-shadow-error.txt"), 2)).isFalse();
    }

    @Test
    void aSnapshotIsRecordedWhileItLivesAndDeletedOnClose() throws Exception {
        RecordedCommandRunner runner = new RecordedCommandRunner()
                .answer("vssadmin create shadow /for=C:", "vssadmin/create-shadow-success.txt", 0)
                .answer("vssadmin delete shadows", "vssadmin/delete-shadow-quiet.txt", 0);
        ShadowCopies copies = new ShadowCopies(runner, home);

        try (ShadowCopies.Snapshot snapshot = copies.create("C:")) {
            assertThat(snapshot.devicePath()).isEqualTo("\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy3");
            assertThat(snapshot.pathInSnapshot("C:\\Users\\admin\\report.docx"))
                    .isEqualTo("\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy3\\Users\\admin\\report.docx");
            assertThat(copies.recorded()).containsExactly("{7db8a36a-6d3a-4e25-8ef0-097355ec9f3b}");
        }
        assertThat(copies.recorded()).isEmpty();
        assertThat(runner.commands.getLast().display())
                .isEqualTo("vssadmin delete shadows /shadow={7db8a36a-6d3a-4e25-8ef0-097355ec9f3b} /quiet");
    }

    @Test
    void fallsBackToWmicAndFindsTheDeviceWithVssadminList() throws Exception {
        RecordedCommandRunner runner = new RecordedCommandRunner()
                .answer("vssadmin create shadow", "vssadmin/create-shadow-error.txt", 2)
                .answer("wmic shadowcopy call create", "vssadmin/wmic-shadowcopy-create.txt", 0)
                .answer("vssadmin list shadows", "vssadmin/list-shadows.txt", 0);
        ShadowCopies.Snapshot snapshot = new ShadowCopies(runner, home).create("C:");
        assertThat(snapshot.devicePath()).endsWith("HarddiskVolumeShadowCopy4");
    }

    @Test
    void whenNothingCanCreateACopyTheErrorIsVssadmins() {
        RecordedCommandRunner runner = new RecordedCommandRunner()
                .answer("vssadmin create shadow", "vssadmin/create-shadow-error.txt", 2)
                .answer("wmic", "vssadmin/create-shadow-error.txt", 1);
        assertThatThrownBy(() -> new ShadowCopies(runner, home).create("C:"))
                .hasMessageContaining("Error: The shadow copy provider had an unexpected error");
    }

    @Test
    void leftoversOfACrashedRunAreDeletedAtTheNextStart() throws Exception {
        Files.writeString(home.resolve("shadow-copies.txt"), "{aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa}\n{bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb}\n");
        RecordedCommandRunner runner = new RecordedCommandRunner()
                .answer("{aaaaaaaa", "vssadmin/delete-shadow-quiet.txt", 0)
                .answer("{bbbbbbbb", "vssadmin/delete-shadow-gone.txt", 1);
        ShadowCopies copies = new ShadowCopies(runner, home);

        assertThat(copies.deleteLeftovers()).isEmpty();
        assertThat(copies.recorded()).isEmpty();
        assertThat(home.resolve("shadow-copies.txt")).doesNotExist();
    }

    @Test
    void aCopyThatCannotBeDeletedStaysRecordedForTheNextStart() throws Exception {
        Files.writeString(home.resolve("shadow-copies.txt"), "{aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa}\n");
        RecordedCommandRunner runner = new RecordedCommandRunner().answer("delete", "vssadmin/create-shadow-error.txt", 2);
        ShadowCopies copies = new ShadowCopies(runner, home);
        assertThat(copies.deleteLeftovers()).containsExactly("{aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa}");
        assertThat(copies.recorded()).hasSize(1);
    }
}
