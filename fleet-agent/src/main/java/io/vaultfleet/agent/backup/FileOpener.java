package io.vaultfleet.agent.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a file for reading. A seam so tests can make one file fail to open. */
@FunctionalInterface
public interface FileOpener {
    InputStream open(Path file) throws IOException;

    FileOpener DEFAULT = Files::newInputStream;
}
