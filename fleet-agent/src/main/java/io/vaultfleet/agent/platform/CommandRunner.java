package io.vaultfleet.agent.platform;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Runs an operating-system tool ({@code sfc}, {@code wbadmin}, {@code vssadmin}, PowerShell…). The real one is
 * {@link ProcessCommandRunner}; tests replay recorded outputs of the real tools through the same interface.
 */
public interface CommandRunner {
    /**
     * Runs the command to its end. Each complete stdout line (decoded with the command's charset) is given to
     * {@code lines} as it arrives, so long tools can report progress; the raw bytes are in the result as well,
     * for tools such as {@code sfc} whose output needs its own decoding.
     */
    CommandResult run(Command command, Consumer<String> lines) throws IOException, InterruptedException;

    default CommandResult run(Command command) throws IOException, InterruptedException {
        return run(command, line -> { });
    }
}
