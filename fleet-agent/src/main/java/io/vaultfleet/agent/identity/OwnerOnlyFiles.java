package io.vaultfleet.agent.identity;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates files only their owner can read. On POSIX file systems: mode 0600 from the start (no window where the
 * file is readable by others). On Windows the agent home inherits the ACL of its install folder (SYSTEM and
 * Administrators only), and secrets are additionally protected with DPAPI by the Windows platform code.
 */
final class OwnerOnlyFiles {
    private OwnerOnlyFiles() {
    }

    static void create(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }
}
