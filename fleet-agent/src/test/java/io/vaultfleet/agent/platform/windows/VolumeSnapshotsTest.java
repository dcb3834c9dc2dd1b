package io.vaultfleet.agent.platform.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shadow-copy session of a files backup, on recorded vssadmin output (POSIX paths stand in for one volume). */
class VolumeSnapshotsTest {
    @TempDir
    Path home;
    @TempDir
    Path links;

    @Test
    void oneShadowCopyPerVolumeEachRootReadInsideItAndEverythingDeletedAfterwards() throws Exception {
        RecordedCommandRunner runner = new RecordedCommandRunner()
                .answer("vssadmin create shadow", "vssadmin/create-shadow-success.txt", 0)
                .answer("mklink", "vssadmin/delete-shadow-quiet.txt", 0)
                .answer("vssadmin delete shadows", "vssadmin/delete-shadow-quiet.txt", 0);
        ShadowCopies copies = new ShadowCopies(runner, home);
        Path users = Path.of("/srv/users");
        Path shares = Path.of("/srv/shares/finance");

        try (VolumeSnapshots session = VolumeSnapshots.open(copies, List.of(users, shares), links)) {
            assertThat(session.readRoots()).containsEntry(users, links.resolve("volume-1/srv/users"))
                    .containsEntry(shares, links.resolve("volume-1/srv/shares/finance"));
            assertThat(runner.commands).filteredOn(c -> String.join(" ", c.args()).contains("create shadow")).hasSize(1);
            assertThat(copies.recorded()).hasSize(1);
        }
        assertThat(runner.commands).anyMatch(c -> String.join(" ", c.args()).contains("delete shadows"));
        assertThat(copies.recorded()).isEmpty();
    }

    @Test
    void aFailedLinkStillDeletesTheShadowCopy() throws Exception {
        RecordedCommandRunner runner = new RecordedCommandRunner()
                .answer("vssadmin create shadow", "vssadmin/create-shadow-success.txt", 0)
                .answer("mklink", "vssadmin/create-shadow-error.txt", 1)
                .answer("vssadmin delete shadows", "vssadmin/delete-shadow-quiet.txt", 0);
        ShadowCopies copies = new ShadowCopies(runner, home);
        assertThatThrownBy(() -> VolumeSnapshots.open(copies, List.of(Path.of("/srv/users")), links))
                .hasMessageContaining("could not link");
        assertThat(runner.commands).anyMatch(c -> String.join(" ", c.args()).contains("delete shadows"));
        assertThat(copies.recorded()).isEmpty();
    }

    @Test
    void driveRootsBecomeVssadminVolumes() {
        assertThat(VolumeSnapshots.volumeName(Path.of("C:\\"))).isEqualTo("C:");
        assertThat(VolumeSnapshots.volumeName(Path.of("/"))).isEqualTo("/");
    }
}
