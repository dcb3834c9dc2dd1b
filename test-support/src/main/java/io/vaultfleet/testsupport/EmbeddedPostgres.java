package io.vaultfleet.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

/**
 * A private PostgreSQL server for one test run: a fresh cluster in a temporary folder, listening on a random
 * loopback port, trusted local access, deleted on {@link #close()}. Uses Debian's PostgreSQL binaries
 * ({@code build-tools/ensure-tools.sh postgresql} installs them). PostgreSQL refuses to run as root, so as root the
 * server runs as the {@code postgres} system user.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private final Path bin;
    private final Path dataDir;
    private final int port;
    private final boolean asPostgresUser;

    private EmbeddedPostgres(Path bin, Path dataDir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    public static EmbeddedPostgres start() {
        Path bin = findBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path dataDir = Files.createTempDirectory("vf-postgres-");
            int port = FreePorts.next();
            EmbeddedPostgres pg = new EmbeddedPostgres(bin, dataDir, port, root);
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", dataDir.toString()), Duration.ofSeconds(10));
                dataDir.toFile().setExecutable(true, false);
            }
            pg.asOwner(List.of(bin.resolve("initdb").toString(), "-D", dataDir.resolve("data").toString(),
                    "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale"), Duration.ofSeconds(60));
            pg.asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(),
                    "-l", dataDir.resolve("server.log").toString(), "-w", "-t", "60",
                    "-o", "-p " + port + " -k " + dataDir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                            + " -c synchronous_commit=off -c full_page_writes=off",
                    "start"), Duration.ofSeconds(90));
            return pg;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start PostgreSQL", e);
        }
    }

    /** Creates a database and returns its JDBC URL (user {@code postgres}, no password). */
    public String createDatabase(String name) {
        asOwner(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port),
                "-U", "postgres", name), Duration.ofSeconds(30));
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(), "-m", "fast",
                    "-w", "stop"), Duration.ofSeconds(60));
        } finally {
            TempFolders.delete(dataDir);
        }
    }

    private void asOwner(List<String> command, Duration timeout) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full, timeout);
    }

    private static void run(List<String> command, Duration timeout) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "):\n" + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path findBinaries() {
        Path root = Path.of("/usr/lib/postgresql");
        try (var versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString))
                    .orElseThrow();
        } catch (IOException | NoSuchElementException e) {
            throw new IllegalStateException("PostgreSQL tests need Debian's postgresql package "
                    + "(build-tools/ensure-tools.sh postgresql installs it)", e);
        }
    }
}
