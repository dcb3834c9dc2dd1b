package io.vaultfleet.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Temporary folders the test helpers make (browser profiles, database and emulator storage). */
final class TempFolders {
    private TempFolders() {
    }

    /** Deletes {@code root} and what is below it, deepest first, as far as it can: best effort for temporary files. */
    static void delete(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: temporary files
        }
    }
}
