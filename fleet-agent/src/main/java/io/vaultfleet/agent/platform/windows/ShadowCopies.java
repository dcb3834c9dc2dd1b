package io.vaultfleet.agent.platform.windows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.vaultfleet.agent.platform.Command;
import io.vaultfleet.agent.platform.CommandResult;
import io.vaultfleet.agent.platform.CommandRunner;

/**
 * VSS shadow copies for reading files and folders consistently: {@code vssadmin create shadow /for=<volume>}
 * (Windows Server SKUs), with {@code wmic shadowcopy call create} then {@code vssadmin list shadows} as the fallback.
 * Every id is written to {@code shadow-copies.txt} in the agent home <em>before</em> it is used and removed only
 * after the copy is deleted, so {@link #deleteLeftovers()} at the next start removes what a crashed run left.
 * Only tested with recorded outputs (recorded vssadmin / wmic output; the ledger runs for real on a temp folder).
 */
public final class ShadowCopies {
    static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final CommandRunner runner;
    private final Path ledger;

    public ShadowCopies(CommandRunner runner, Path agentHome) {
        this.runner = runner;
        this.ledger = agentHome.resolve("shadow-copies.txt");
    }

    /** A live shadow copy of one volume; {@link #close()} deletes it. */
    public final class Snapshot implements AutoCloseable {
        private final String id;
        private final String devicePath;
        private final String volume;

        Snapshot(String id, String devicePath, String volume) {
            this.id = id;
            this.devicePath = devicePath;
            this.volume = volume;
        }

        public String id() {
            return id;
        }

        /** {@code \\?\GLOBALROOT\Device\HarddiskVolumeShadowCopyN} */
        public String devicePath() {
            return devicePath;
        }

        /**
         * Where an original path is read in the snapshot: {@code C:\Users\a.txt} becomes
         * {@code \\?\GLOBALROOT\Device\HarddiskVolumeShadowCopyN\Users\a.txt}. Java's file API does not open
         * GLOBALROOT paths: {@link #linkAt} gives a folder it can read.
         */
        public String pathInSnapshot(String originalPath) {
            String rest = originalPath.substring(volume.length()).replaceFirst("^\\\\", "");
            return devicePath + "\\" + rest;
        }

        /** A directory symbolic link to the snapshot's root ({@code mklink /d}), readable with java.nio. */
        public Path linkAt(Path link) throws IOException, InterruptedException {
            CommandResult r = runner.run(Command.of(Duration.ofMinutes(1), "cmd.exe", "/c", "mklink", "/d", link.toString(), devicePath + "\\"));
            if (r.exitCode() != 0) {
                throw new IOException("could not link " + link + " to " + devicePath + ": " + r.stdoutText(StandardCharsets.ISO_8859_1).strip());
            }
            return link;
        }

        @Override
        public void close() throws IOException, InterruptedException {
            delete(id);
        }
    }

    /** Creates a shadow copy of a volume ({@code C:}). */
    public Snapshot create(String volume) throws IOException, InterruptedException {
        CommandResult r = runner.run(Command.of(TIMEOUT, "vssadmin", "create", "shadow", "/for=" + volume));
        String out = r.stdoutText(StandardCharsets.ISO_8859_1);
        Optional<VssadminOutput.ShadowCopy> copy = VssadminOutput.created(out);
        if (copy.isEmpty()) {
            copy = createWithWmic(volume, VssadminOutput.error(out));
        }
        record(copy.get().id());
        return new Snapshot(copy.get().id(), copy.get().devicePath(), volume);
    }

    private Optional<VssadminOutput.ShadowCopy> createWithWmic(String volume, String vssadminError) throws IOException, InterruptedException {
        CommandResult r = runner.run(Command.of(TIMEOUT, "wmic", "shadowcopy", "call", "create", "Volume='" + volume + "\\'"));
        Optional<String> id = VssadminOutput.wmicCreatedId(r.stdoutText(StandardCharsets.ISO_8859_1));
        if (id.isEmpty()) {
            throw new IOException("could not create a shadow copy of " + volume + ": " + vssadminError);
        }
        record(id.get()); // before anything else can fail
        CommandResult list = runner.run(Command.of(TIMEOUT, "vssadmin", "list", "shadows", "/shadow=" + id.get()));
        return VssadminOutput.listed(list.stdoutText(StandardCharsets.ISO_8859_1)).stream()
                .filter(c -> c.id().equalsIgnoreCase(id.get())).findFirst()
                .or(() -> {
                    throw new IllegalStateException("shadow copy " + id.get() + " was created but vssadmin does not list it");
                });
    }

    /** Deletes one copy and forgets it. */
    public void delete(String id) throws IOException, InterruptedException {
        CommandResult r = runner.run(Command.of(TIMEOUT, "vssadmin", "delete", "shadows", "/shadow=" + id, "/quiet"));
        String out = r.stdoutText(StandardCharsets.ISO_8859_1);
        if (!VssadminOutput.deletedOrGone(out, r.exitCode())) {
            throw new IOException("could not delete shadow copy " + id + ": " + VssadminOutput.error(out)
                    + " (it stays in " + ledger.getFileName() + " and is retried at the next start)");
        }
        forget(id);
    }

    /** At start: deletes every copy a crashed run recorded. Returns the ids that could not be deleted. */
    public List<String> deleteLeftovers() throws IOException, InterruptedException {
        List<String> stuck = new ArrayList<>();
        for (String id : recorded()) {
            try {
                delete(id);
            } catch (IOException e) {
                stuck.add(id);
            }
        }
        return stuck;
    }

    /** The ids the ledger holds. */
    public synchronized Set<String> recorded() throws IOException {
        if (!Files.exists(ledger)) {
            return Set.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        Files.readAllLines(ledger, StandardCharsets.UTF_8).stream().map(String::strip).filter(l -> !l.isEmpty()).forEach(ids::add);
        return ids;
    }

    private synchronized void record(String id) throws IOException {
        Files.createDirectories(ledger.getParent());
        Files.writeString(ledger, id + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    }

    private synchronized void forget(String id) throws IOException {
        Set<String> ids = new LinkedHashSet<>(recorded());
        ids.removeIf(s -> s.equalsIgnoreCase(id));
        if (ids.isEmpty()) {
            Files.deleteIfExists(ledger);
        } else {
            Files.write(ledger, ids, StandardCharsets.UTF_8);
        }
    }
}
