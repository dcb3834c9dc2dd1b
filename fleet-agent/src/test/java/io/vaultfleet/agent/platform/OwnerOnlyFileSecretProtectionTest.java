package io.vaultfleet.agent.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs for real here (POSIX file permissions). */
class OwnerOnlyFileSecretProtectionTest {
    @TempDir
    Path home;

    private final OwnerOnlyFileSecretProtection protection = new OwnerOnlyFileSecretProtection();

    @Test
    void writesTheSecretOwnerOnlyAndReadsItBack() throws Exception {
        Path file = home.resolve("keys/agent-key");
        protection.store(file, "private key".getBytes(StandardCharsets.UTF_8));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(protection.load(file)).asString(StandardCharsets.UTF_8).isEqualTo("private key");
    }

    @Test
    void replacingASecretKeepsItOwnerOnly() throws Exception {
        Path file = home.resolve("passphrase");
        protection.store(file, "one".getBytes(StandardCharsets.UTF_8));
        protection.store(file, "two".getBytes(StandardCharsets.UTF_8));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(protection.load(file)).asString(StandardCharsets.UTF_8).isEqualTo("two");
        assertThat(Files.list(home)).containsExactly(file);
    }

    @Test
    void refusesASecretOthersCanRead() throws Exception {
        Path file = home.resolve("passphrase");
        protection.store(file, "one".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> protection.load(file)).hasMessageContaining("readable by others").hasMessageContaining("chmod 600");
    }
}
