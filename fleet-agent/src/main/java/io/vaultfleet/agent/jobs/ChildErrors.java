package io.vaultfleet.agent.jobs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** A child process's standard error, read as it comes (so the child never blocks on it) and kept up to 4,000 characters. */
final class ChildErrors {
    private static final int LIMIT = 4000;
    private final StringBuilder text = new StringBuilder();
    private final Thread reader;

    private ChildErrors(Process process) {
        reader = Thread.ofVirtual().name("child-stderr").start(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = err.readLine()) != null; ) {
                    synchronized (text) {
                        if (text.length() < LIMIT) {
                            text.append(line).append('\n');
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    static ChildErrors drain(Process process) {
        return new ChildErrors(process);
    }

    /** Waits until the process closed its standard error (it ended). */
    void awaitEnd() throws InterruptedException {
        reader.join();
    }

    /** What it wrote so far, without surrounding blank space. */
    String text() {
        synchronized (text) {
            return text.toString().strip();
        }
    }
}
