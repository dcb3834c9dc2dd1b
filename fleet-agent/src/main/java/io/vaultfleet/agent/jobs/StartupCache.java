package io.vaultfleet.agent.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vaultfleet.agent.platform.FileTrees;

/**
 * The JVM's ahead-of-time cache (JDK 25, JEP 483/514/515) for the service's backup processes. A backup is a short
 * process: without the cache a large part of an unchanged backup's time and CPU goes to loading and linking classes
 * and to running cold code before the JIT has profiles (measured in bench/RESULTS.md: an unchanged backup of 50,000
 * files took 1.6–1.8 s with it against 2.2–2.3 s with a class-data-sharing archive alone, and about 25% less CPU).
 *
 * <p>The cache is trained once per agent jar and Java runtime by running {@code fleet-agent self-test} (a backup,
 * unchanged backup, changed backup, restore and verify of generated data in a scratch folder) under
 * {@code -XX:AOTCacheOutput}; it is written under {@code <home>/cache/jvm/} with a name that fingerprints the java
 * command, its version, the jar (path, size, time) and the options, so an upgraded agent or runtime trains anew and
 * never uses a stale cache. Without a usable cache (older Java, not running from a jar, training failed or not done
 * yet) backups simply start without it; a cache the JVM cannot use is ignored by the JVM (its warning goes to the
 * backup's standard error, see {@link ChildProcesses#thisAgent()}).
 *
 * <p>Trained and used only on Linux so far ({@code StartupCacheEndToEndTest}); on Windows the same options apply but
 * have not run there.
 */
public final class StartupCache {
    private static final Logger log = LoggerFactory.getLogger(StartupCache.class);
    static final int FIRST_JDK = 25;
    private static final Duration TRAINING_LIMIT = Duration.ofMinutes(10);

    private final List<String> agentCommand;
    private final Path dir;
    private final int jdkFeature;

    /**
     * @param agentCommand how a backup process is started ({@code java <options> -jar <agent jar>}), as
     *                     {@link ChildProcesses#thisAgent()} gives it
     * @param home         the agent's home folder
     */
    public StartupCache(List<String> agentCommand, Path home) {
        this(agentCommand, home, Runtime.version().feature());
    }

    StartupCache(List<String> agentCommand, Path home, int jdkFeature) {
        this.agentCommand = List.copyOf(agentCommand);
        this.dir = home.resolve("cache").resolve("jvm");
        this.jdkFeature = jdkFeature;
    }

    /** Whether this runtime and command can have a cache: Java 25 or later, the agent started from a jar. */
    public boolean supported() {
        return jdkFeature >= FIRST_JDK && jarIndex() > 0;
    }

    private int jarIndex() {
        int i = agentCommand.indexOf("-jar");
        return i > 0 && i + 1 < agentCommand.size() ? i : -1;
    }

    /** The cache file for the current jar and runtime (present or not); empty when not supported. */
    public Optional<Path> file() throws IOException {
        if (!supported()) {
            return Optional.empty();
        }
        Path jar = Path.of(agentCommand.get(jarIndex() + 1));
        StringBuilder key = new StringBuilder();
        key.append(Runtime.version()).append('\n');
        agentCommand.forEach(part -> key.append(part).append('\n'));
        key.append(Files.size(jar)).append('\n').append(Files.getLastModifiedTime(jar).toMillis()).append('\n');
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return Optional.of(dir.resolve("backup-" + HexFormat.of().formatHex(digest, 0, 12) + ".aot"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The command to start a backup process with: the agent command, using the cache when one is ready. */
    public List<String> command() {
        try {
            Optional<Path> file = file();
            if (file.isPresent() && Files.isRegularFile(file.get())) {
                List<String> command = new ArrayList<>(agentCommand);
                command.add(jarIndex(), "-XX:AOTCache=" + file.get());
                return command;
            }
        } catch (IOException | RuntimeException e) {
            log.debug("startup cache not used: {}", e.getMessage());
        }
        return agentCommand;
    }

    /**
     * Trains the cache when it is supported and missing: runs {@code self-test} under {@code -XX:AOTCacheOutput}
     * (about 5–10 s of one core), keeps the result only when the run succeeded, and removes caches of earlier jars or
     * runtimes. Returns whether a cache for the current jar is ready afterwards. Blocking; call it off the main path.
     */
    public boolean ensureTrained() {
        Path file;
        try {
            Optional<Path> f = file();
            if (f.isEmpty()) {
                return false;
            }
            file = f.get();
            if (Files.isRegularFile(file)) {
                return true;
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            log.warn("startup cache for backups not trained: {}", e.getMessage());
            return false;
        }
        Path partial = dir.resolve(file.getFileName() + ".partial");
        Path work = dir.resolve("training");
        Path logFile = dir.resolve("training.log");
        try {
            FileTrees.deleteTree(work);
            Files.deleteIfExists(partial);
            List<String> command = new ArrayList<>(agentCommand);
            command.add(jarIndex(), "-XX:AOTCacheOutput=" + partial);
            command.addAll(List.of("self-test", "--work", work.toString()));
            long started = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logFile.toFile()).redirectInput(ProcessBuilder.Redirect.from(ChildProcesses.nullDevice())).start();
            if (!process.waitFor(TRAINING_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                log.warn("startup cache for backups not trained: the self-test ran longer than {}", TRAINING_LIMIT);
                return false;
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(partial)) {
                log.warn("startup cache for backups not trained: self-test exit code {} (see {})", process.exitValue(),
                        logFile);
                return false;
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            removeOthers(file);
            log.info("startup cache for backups trained in {} ms: {}", (System.nanoTime() - started) / 1_000_000, file);
            return true;
        } catch (IOException e) {
            log.warn("startup cache for backups not trained: {}", e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            try {
                Files.deleteIfExists(partial);
                FileTrees.deleteTree(work);
            } catch (IOException e) {
                log.debug("training leftovers not removed: {}", e.getMessage());
            }
        }
    }

    /**
     * Trains in the background after {@code delay} (the service's start is left alone), on a daemon thread, then runs
     * {@code then} (whether or not a cache could be trained).
     */
    public Thread trainLater(Duration delay, Runnable then) {
        return Thread.ofPlatform().daemon().name("startup-cache").start(() -> {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            ensureTrained();
            then.run();
        });
    }

    private void removeOthers(Path keep) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".aot") && !p.equals(keep)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
