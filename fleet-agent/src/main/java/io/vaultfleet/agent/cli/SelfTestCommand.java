package io.vaultfleet.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.vaultfleet.agent.platform.FileTrees;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fleet-agent self-test}: shows that this machine can back up and restore, on data of its own. It writes a small
 * generated data set (text, random, duplicated and many small files) into a scratch folder, creates an encrypted
 * folder repository there with a throw-away passphrase, and runs the real commands in this process: a first backup,
 * an unchanged one, one after changing some files, a restore compared byte for byte, and {@code verify --read-data}.
 * The scratch folder is deleted at the end. Nothing of the server's own files or repository is touched.
 *
 * <p>The service also runs it once per agent version and Java runtime to train the JVM's ahead-of-time cache for its
 * backup processes ({@link io.vaultfleet.agent.jobs.StartupCache}): one run exercises every path a backup or
 * restore takes. Its standby backup process warms up with the same work ({@link StandbyCommand}).
 */
@Command(name = "self-test", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = "Back up, change, back up, restore and verify a generated data set in a scratch folder.")
public final class SelfTestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Scratch folder (created, then deleted; default: a new folder under the system temp folder)")
    Path work;

    @Option(names = "--size", paramLabel = "MiB", description = "Size of the large files in all (default ${DEFAULT-VALUE})")
    int sizeMiB = 32;

    @Option(names = "--small-files", paramLabel = "N", description = "Number of small files (default ${DEFAULT-VALUE})")
    int smallFiles = 2000;

    @Override
    public Integer call() throws Exception {
        if (sizeMiB < 1 || sizeMiB > 4096 || smallFiles < 0 || smallFiles > 1_000_000) {
            throw new IllegalArgumentException("--size must be 1–4096 MiB and --small-files 0–1000000");
        }
        PrintWriter out = spec.commandLine().getOut();
        // absolute: the restore's target path is built from the data folder's root (a relative --work had none)
        Path scratch = (work != null ? Files.createDirectories(work) : Files.createTempDirectory("fleet-agent-self-test"))
                .toAbsolutePath();
        if (work != null) {
            try (Stream<Path> s = Files.list(scratch)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("--work " + scratch + " is not empty");
                }
            }
        }
        try {
            return exercise(scratch, sizeMiB, smallFiles, out);
        } catch (SelfTestFailed e) {
            spec.commandLine().getErr().println("fleet-agent self-test: " + e.getMessage());
            return ExitCodes.ERROR;
        } finally {
            try {
                FileTrees.deleteTree(scratch);
            } catch (IOException e) {
                spec.commandLine().getErr().println("fleet-agent self-test: could not delete " + scratch + ": "
                        + e.getMessage());
            }
        }
    }

    /**
     * The self-test's work in an empty folder {@code scratch} (left for the caller to delete): generates the data,
     * then runs each command in this process, reporting each step's time to {@code out}.
     *
     * @throws SelfTestFailed naming the step that failed and its output
     */
    static int exercise(Path scratch, int sizeMiB, int smallFiles, PrintWriter out) throws IOException {
        Path data = scratch.resolve("data");
        Path home = Files.createDirectories(scratch.resolve("home"));
        Path passphrase = scratch.resolve("passphrase");
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        Files.writeString(passphrase, HexFormat.of().formatHex(secret));
        long bytes = generate(data, sizeMiB * 1024L * 1024L, smallFiles);
        List<String> repo = List.of("--repo", "folder:" + scratch.resolve("repo"), "--passphrase-file",
                passphrase.toString(), "--home", home.toString());

        step(out, "init", 0, args("init", repo.subList(0, 4)));
        step(out, "first backup", bytes, args("backup", repo, "--json", "--", data.toString()));
        step(out, "unchanged backup", bytes, args("backup", repo, "--json", "--", data.toString()));
        change(data);
        step(out, "backup after changes", bytes, args("backup", repo, "--json", "--", data.toString()));
        Path target = scratch.resolve("restore");
        step(out, "restore", bytes, args("restore", repo, "--json", "latest", "--target", target.toString()));
        long t = System.nanoTime();
        List<String> differences = compare(data, target.resolve(data.getRoot().relativize(data).toString()));
        if (!differences.isEmpty()) {
            throw new SelfTestFailed("the restored files differ from the source: " + String.join(", ", differences));
        }
        report(out, "compare", bytes, System.nanoTime() - t);
        step(out, "verify --read-data", 0, args("verify", repo, "--json", "--read-data"));
        out.println("self-test passed");
        return ExitCodes.OK;
    }

    static final class SelfTestFailed extends IllegalStateException {
        SelfTestFailed(String message) {
            super(message);
        }
    }

    private static String[] args(String command, List<String> repo, String... rest) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(repo);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    /** Runs one agent command in this process; its output is kept and shown only if it fails. */
    private static void step(PrintWriter out, String name, long bytes, String[] args) {
        StringWriter captured = new StringWriter();
        CommandLine cli = FleetAgentCommand.commandLine();
        cli.setOut(new PrintWriter(captured, true));
        cli.setErr(new PrintWriter(captured, true));
        long t = System.nanoTime();
        int code = cli.execute(args);
        long elapsed = System.nanoTime() - t;
        // what the step held (its pipeline's buffers, promoted: they lived to its end) is garbage now; collected
        // before the next step derives its key (19 MiB of Argon2id blocks) and fills its own buffers, the steps' peaks do not add up.
        // The service's standby runs these steps as its warm-up, and its peak RSS was the warm-up's (decision 036).
        System.gc();
        if (code != ExitCodes.OK) {
            String text = captured.toString().strip();
            throw new SelfTestFailed(name + " failed with exit code " + code
                    + (text.isEmpty() ? "" : ":\n" + text.lines().skip(Math.max(0, text.lines().count() - 20))
                            .reduce((a, b) -> a + "\n" + b).orElse("")));
        }
        report(out, name, bytes, elapsed);
    }

    private static void report(PrintWriter out, String name, long bytes, long nanos) {
        double seconds = nanos / 1e9;
        out.printf(Locale.ROOT, "%-22s %7.2f s%s%n", name, seconds,
                bytes > 0 ? String.format(Locale.ROOT, "  %7.1f MiB/s", bytes / 1048576.0 / seconds) : "");
        out.flush();
    }

    /**
     * A reproducible data set of about {@code large} bytes in large files (log-like text, random bytes, one duplicate)
     * plus {@code small} files of 1–16 KiB in 40 folders. Returns the bytes written.
     */
    static long generate(Path root, long large, int small) throws IOException {
        SplittableRandom random = new SplittableRandom(20261125);
        long total = 0;
        long textSize = large * 3 / 8;
        long randomSize = large * 3 / 8;
        total += writeFile(root.resolve("text/app.log"), textSize, random, true);
        total += writeFile(root.resolve("random/blob.bin"), randomSize, random, false);
        Files.createDirectories(root.resolve("dup"));
        Files.copy(root.resolve("random/blob.bin"), root.resolve("dup/blob-copy.bin"));
        total += randomSize;
        total += writeFile(root.resolve("text/half.log"), large - textSize - 2 * randomSize > 0
                ? large - textSize - 2 * randomSize : 4096, random, true);
        for (int i = 0; i < small; i++) {
            total += writeFile(root.resolve("small/d" + (i % 40) + "/f" + i + (i % 3 == 0 ? ".bin" : ".txt")),
                    1024 + random.nextInt(15 * 1024), random, i % 3 != 0);
        }
        return total;
    }

    private static final String[] WORDS = {"GET", "POST", "/api/v1/items", "/api/v1/users", "200", "404", "500",
            "INFO", "WARN", "ERROR", "backup", "restore", "job", "server", "vault", "completed", "started", "ms"};

    private static long writeFile(Path file, long size, SplittableRandom random, boolean text) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] block = new byte[(int) Math.min(size, 1 << 20)];
        try (var os = Files.newOutputStream(file)) {
            for (long done = 0; done < size; ) {
                int n = (int) Math.min(block.length, size - done);
                if (text) {
                    StringBuilder sb = new StringBuilder(n + 64);
                    while (sb.length() < n) {
                        sb.append("2026-11-25T").append(random.nextInt(24)).append(':').append(random.nextInt(60))
                                .append(' ').append(WORDS[random.nextInt(WORDS.length)]).append(' ')
                                .append(WORDS[random.nextInt(WORDS.length)]).append(' ').append(random.nextInt(100_000))
                                .append('\n');
                    }
                    System.arraycopy(sb.toString().getBytes(StandardCharsets.US_ASCII), 0, block, 0, n);
                } else {
                    random.nextBytes(block);
                }
                os.write(block, 0, n);
                done += n;
            }
        }
        return size;
    }

    /** Rewrites every 20th small file and appends to the large text file: new and unchanged chunks mixed. */
    private static void change(Path data) throws IOException {
        List<Path> small;
        try (Stream<Path> s = Files.walk(data.resolve("small"))) {
            small = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (int i = 0; i < small.size(); i += 20) {
            Files.writeString(small.get(i), "changed by the self-test " + i + "\n",
                    StandardOpenOption.APPEND);
        }
        Files.writeString(data.resolve("text/app.log"), "one more line\n", StandardOpenOption.APPEND);
    }

    /** Relative paths whose content or presence differs between the two trees. */
    static List<String> compare(Path expected, Path actual) throws IOException {
        List<String> differences = new ArrayList<>();
        try (Stream<Path> s = Files.walk(expected)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Path other = actual.resolve(expected.relativize(p).toString());
                if (!Files.isRegularFile(other) || Files.mismatch(p, other) != -1) {
                    differences.add(expected.relativize(p).toString());
                }
            }
        }
        return differences;
    }
}
