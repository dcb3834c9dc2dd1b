package io.vaultfleet.agent.platform.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@EnabledOnOs({OS.LINUX, OS.MAC})
class UnixAttributesTest {
    @TempDir
    Path dir;

    @Test
    void theDirectWayReadsWhatTheNamedAttributesSayForEveryKindOfEntry() throws Exception {
        assertThat(UnixAttributes.direct()).as("the build's tests run with sun.nio.fs opened, as every agent does")
                .isTrue();
        Path file = Files.writeString(dir.resolve("file"), "twelve bytes");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        // a time with nanoseconds and one before 1970 (whole seconds: Java sets those with a fraction as 1970)
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-02-29T12:34:56.123456789Z")));
        Path link = Files.createLink(dir.resolve("hard link"), file);
        Path folder = Files.createDirectory(dir.resolve("folder"));
        Files.setLastModifiedTime(folder, FileTime.from(Instant.parse("1969-07-20T20:17:40Z")));
        Path symlink = Files.createSymbolicLink(dir.resolve("symlink"), Path.of("no such target"));
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        for (Path p : List.of(file, link, folder, symlink, fifo)) {
            assertThat(UnixAttributes.read(p)).as(p.getFileName().toString()).isEqualTo(UnixAttributes.readNamed(p));
        }
        UnixAttributes f = UnixAttributes.read(file);
        assertThat(f.mode() & 0777).isEqualTo(0640);
        assertThat(f.mode() & 0170000).as("a regular file").isEqualTo(0100000);
        assertThat(f.size()).isEqualTo(12);
        assertThat(f.nlink()).isEqualTo(2);
        assertThat(f.ino()).isEqualTo(UnixAttributes.read(link).ino());
        assertThat(f.lastModifiedTime().toInstant()).isEqualTo(Instant.parse("2024-02-29T12:34:56.123456789Z"));
        assertThat(UnixAttributes.read(symlink).mode() & 0170000).as("the link itself, not its target")
                .isEqualTo(0120000);
        assertThat(UnixAttributes.read(fifo).mode() & 0170000).isEqualTo(0010000);
        assertThat(UnixAttributes.read(folder).lastModifiedTime().toInstant())
                .isEqualTo(Instant.parse("1969-07-20T20:17:40Z"));
    }

    @Test
    void aMissingFileIsTheJdksOwnError() {
        assertThatThrownBy(() -> UnixAttributes.read(dir.resolve("gone"))).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("gone");
    }
}
