package io.vaultfleet.agent.identity;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates files only their owner can read. On POSIX file systems: mode 0600 from the start (no window where the
 * file is readable by others). On Windows the agent home inherits the ACL of its install folder (SYSTEM and
 * Administrators only), and secrets are additionally protected with DPAPI by the Windows platform code.
 */
public final class OwnerOnlyFiles {
    private OwnerOnlyFiles() {
    }

    public static void create(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    /** Writes a new file readable only by its owner; refuses to overwrite an existing one. */
    public static void writeNew(Path file, byte[] content) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        create(file);
        Files.write(file, content, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
