package io.vaultfleet.agent.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a tool with {@link ProcessBuilder}: no shell, stdout and stderr captured as bytes on their own threads (a
 * tool that fills one pipe while we read the other cannot hang us), complete lines handed out as they arrive, and
 * the process tree killed when the timeout passes.
 */
public final class ProcessCommandRunner implements CommandRunner {
    @Override
    public CommandResult run(Command command, Consumer<String> lines) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command.args()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        process.getOutputStream().close(); // tools that would prompt see end of input instead of waiting
        LineSplitter splitter = new LineSplitter(command, lines);
        // Own threads, not the common pool: on a 2-core machine that pool has one worker, and two blocking drains
        // sharing it would deadlock on a tool that fills stderr.
        try (ExecutorService drains = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream(), splitter), drains);
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream(), null), drains);
            if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IOException(command.display() + " did not finish within " + command.timeout());
            }
            byte[] stdout = out.join();
            splitter.flush();
            return new CommandResult(process.exitValue(), stdout, err.join());
        }
    }

    private static byte[] drain(InputStream in, LineSplitter splitter) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                all.write(buffer, 0, n);
                if (splitter != null) {
                    splitter.accept(buffer, n);
                }
            }
        } catch (IOException e) {
            // the process went away; what we have is what it wrote
        }
        return all.toByteArray();
    }

    /** Cuts the byte stream into lines at CR or LF (tools redraw progress with a bare CR). */
    private static final class LineSplitter {
        private final Command command;
        private final Consumer<String> lines;
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();

        LineSplitter(Command command, Consumer<String> lines) {
            this.command = command;
            this.lines = lines;
        }

        synchronized void accept(byte[] buffer, int length) {
            for (int i = 0; i < length; i++) {
                byte b = buffer[i];
                if (b == '\n' || b == '\r') {
                    flush();
                } else {
                    current.write(b);
                }
            }
        }

        synchronized void flush() {
            if (current.size() > 0) {
                lines.accept(current.toString(command.charset()));
                current.reset();
            }
        }
    }
}
