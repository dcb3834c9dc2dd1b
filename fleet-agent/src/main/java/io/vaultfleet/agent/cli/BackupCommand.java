package io.vaultfleet.agent.cli;

import io.vaultfleet.agent.platform.Prechecks;
import io.vaultfleet.agent.platform.SystemStateSource;

import java.time.Instant;
import java.util.UUID;

import io.vaultfleet.agent.backup.CatalogRecord;
import io.vaultfleet.agent.host.AgentHome;
import io.vaultfleet.agent.identity.AgentIdentity;
import io.vaultfleet.agent.outbox.Outbox;
import io.vaultfleet.protocol.RecoveryPointCreated;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.vaultfleet.agent.backup.Backup;
import io.vaultfleet.agent.backup.BackupEvent;
import io.vaultfleet.agent.backup.BackupListener;
import io.vaultfleet.agent.backup.BackupOptions;
import io.vaultfleet.agent.backup.BackupResult;
import io.vaultfleet.agent.backup.WalkAhead;
import io.vaultfleet.agent.host.HostInfo;
import io.vaultfleet.agent.host.PhaseLog;
import io.vaultfleet.agent.platform.CacheSpaceCheck;
import io.vaultfleet.agent.platform.ProcessCommandRunner;
import io.vaultfleet.agent.platform.current.CurrentPlatform;
import io.vaultfleet.agent.platform.windows.ShadowCopies;
import io.vaultfleet.agent.platform.windows.VolumeSnapshots;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.source.FileSelection;
import io.vaultfleet.agent.source.SourceWarning;
import io.vaultfleet.agent.source.SystemConfiguration;
import io.vaultfleet.protocol.JobStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fleet-agent backup}: backs up files and folders, or the system configuration, into a new recovery point. */
@Command(name = "backup", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = "Back up files and folders (or --system-configuration) into a new recovery point.")
public final class BackupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Files and folders to back up")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--system-configuration", description = "Back up /etc, the package list and service units")
    boolean systemConfiguration;

    @Option(names = "--system-state", description = "Back up the Windows Server System State (runs the prechecks, "
            + "including sfc /verifyonly, then wbadmin into --staging-volume)")
    boolean systemState;

    @Option(names = "--no-shadow-copy",
            description = "On Windows, read files directly instead of from a VSS shadow copy (open files may then be "
                    + "inconsistent or unreadable)")
    boolean noShadowCopy;

    @Option(names = "--staging-volume", paramLabel = "VOLUME",
            description = "Where wbadmin writes the System State before it is backed up, e.g. E: (not the system volume)")
    String stagingVolume;

    @Option(names = "--include", paramLabel = "GLOB", description = "Only files matching (repeatable)")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Skip paths matching (repeatable)")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--item", paramLabel = "NAME", description = "Protected item name (default: the paths)")
    String item;

    @Option(names = "--json", description = "Progress, warnings and the catalog record as JSON lines on stdout")
    boolean json;

    @Override
    public Integer call() throws Exception {
        int kinds = (paths.isEmpty() ? 0 : 1) + (systemConfiguration ? 1 : 0) + (systemState ? 1 : 0);
        if (kinds != 1) {
            throw new ParameterException(spec.commandLine(),
                    "give PATHs to back up, or --system-configuration, or --system-state (one of them)");
        }
        if (systemState && (stagingVolume == null || stagingVolume.isBlank())) {
            throw new ParameterException(spec.commandLine(), "--system-state needs --staging-volume (e.g. E:)");
        }
        SystemStateSource systemStateSource = null;
        Path systemStateFolder = null;
        if (systemState) {
            systemStateSource = CurrentPlatform.systemStateSource(stagingVolume, repository.agentHome().root());
            stage(JobStage.PRECHECK);
            boolean[] snapshotting = {false};
            systemStateFolder = SystemStateStep.prepare(
                    CacheSpaceCheck.after(CurrentPlatform.prechecks(repository.agentHome(), true),
                            repository.cacheDir(), CacheSpaceCheck.MINIMUM_BYTES),
                    systemStateSource,
                    (phase, percent) -> {
                        if (!snapshotting[0]) {
                            snapshotting[0] = true;
                            stage(JobStage.SNAPSHOT);
                        }
                        System.err.printf("\rSystem State: %s%s", phase, percent < 0 ? "" : " " + percent + "%");
                    },
                    r -> System.err.println("precheck " + r.outcome() + ": " + r.check() + ": " + r.detail()));
        }
        try {
            return backUp(systemStateFolder);
        } finally {
            if (systemStateSource != null) {
                systemStateSource.cleanup();
            }
        }
    }

    /** Tells the service which stage the job is in (precheck, snapshot, upload, finalize), with {@code --json}. */
    private void stage(JobStage stage) {
        currentStage = stage;
        emitStage(stage);
    }

    private volatile JobStage currentStage;

    private void emitStage(JobStage stage) {
        if (json) {
            new JsonLines(spec.commandLine().getOut()).emit(new BackupEvent.Stage(stage));
        }
    }

    /** While the store retries (storage unreachable, throttling), the job is WAITING_FOR_STORAGE; then back. */
    private void storageWaits(boolean waiting) {
        JobStage stage = waiting ? JobStage.WAITING_FOR_STORAGE : currentStage;
        if (stage != null) {
            emitStage(stage);
        }
    }

    private int backUp(Path systemStateFolder) throws Exception {
        try {
            return backUpSelected(systemStateFolder);
        } finally {
            if (shadowCopies != null) {
                shadowCopies.close();
                shadowCopies = null;
            }
        }
    }

    private static boolean onWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    /** Shadow copies of the volumes being read (Windows), deleted when the backup ends. */
    private VolumeSnapshots shadowCopies;

    private int backUpSelected(Path systemStateFolder) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        JsonLines lines = json ? new JsonLines(out) : null;
        List<SourceWarning> early = new ArrayList<>();
        FileSelection selection;
        String itemName;
        if (systemStateFolder != null) {
            selection = new FileSelection(List.of(systemStateFolder), includes, excludes);
            itemName = item != null ? item : "SYSTEM_STATE";
        } else if (systemConfiguration) {
            stage(JobStage.SNAPSHOT);
            selection = SystemConfiguration.prepare(repository.cacheDir().resolve("system-configuration"), early::add);
            itemName = item != null ? item : SystemConfiguration.ITEM;
        } else {
            selection = new FileSelection(paths, includes, excludes);
            if (onWindows() && !noShadowCopy) {
                stage(JobStage.SNAPSHOT);
                var copies = new ShadowCopies(
                        new ProcessCommandRunner(), repository.agentHome().root());
                shadowCopies = VolumeSnapshots.open(copies, selection.roots(),
                        repository.cacheDir().resolve("vss"));
                selection = selection.readingFrom(shadowCopies.readRoots());
            }
            itemName = item != null ? item : "files:" + String.join(",", selection.roots().stream().map(Path::toString).toList());
        }
        // metadata is read while the key is derived and the index loaded (two cores busy instead of one)
        WalkAhead walk = WalkAhead.start(selection);
        Repository repo;
        try {
            repository.onStorageWaits(this::storageWaits);
            repo = repository.open();
        } catch (IOException | RuntimeException e) {
            walk.stop();
            throw e;
        }
        BackupListener listener = new BackupListener() {
            @Override
            public void warning(SourceWarning w) {
                if (lines != null) {
                    lines.emit(new BackupEvent.Warning(w.path(), w.message()));
                } else {
                    System.err.println("\rwarning: " + w.path() + ": " + w.message());
                }
            }

            @Override
            public void packUploaded(String packId, int bytes, int chunks) {
                if (lines != null) {
                    lines.emit(new BackupEvent.Pack(packId, bytes, chunks));
                }
            }

            @Override
            public void packsAdopted(int count) {
                if (lines != null) {
                    lines.emit(new BackupEvent.Resumed(count));
                } else {
                    System.err.println("resuming: " + count + " pack(s) from an interrupted backup indexed, not uploaded again");
                }
            }
        };
        early.forEach(listener::warning);
        BackupOptions options = BackupOptions.defaults(itemName, HostInfo.current().hostName(), selection,
                repository.cacheDir()).withListener(listener);
        options = options.withUploaders(repository.concurrentUploads(options.uploaders()));
        Backup backup = new Backup(repo, options);
        BackupResult result;
        stage(JobStage.UPLOAD);
        try (ProgressPrinter progress = new ProgressPrinter(() -> backup.progress().event(), lines)) {
            result = backup.run(walk);
        } finally {
            repo.store().close();
        }
        stage(JobStage.FINALIZE);
        boolean reported = reportToConsole(result.catalog());
        PhaseLog.mark("backup command done");
        int warnings = result.warnings().size() + early.size();
        int code = warnings == 0 ? ExitCodes.OK : ExitCodes.PARTIAL;
        if (lines != null) {
            lines.emit(backup.progress().event());
            lines.emit(result.catalog());
            lines.emit(new BackupEvent.Summary("backup", code, result.stats()));
        } else {
            var s = result.stats();
            out.printf("recovery point %s saved%n", result.snapshotId().substring(0, 12));
            out.printf("  files %d, folders %d, other %d, %s in total%n", s.files(), s.dirs(), s.others(),
                    Sizes.bytes(s.totalBytes()));
            out.printf("  new %s, reused %s, stored %s in %d new pack(s)%n", Sizes.bytes(s.newBytes()),
                    Sizes.bytes(s.reusedBytes()), Sizes.bytes(s.storedBytesAdded()), s.packsAdded());
            if (warnings > 0) {
                out.printf("  %d path(s) could not be backed up (see warnings above)%n", warnings);
            }
            if (reported) {
                out.println("  queued for the console: the agent service reports it once connected");
            }
        }
        return code;
    }

    /**
     * A registered agent reports each recovery point to its console. The record goes to the outbox in the agent
     * home; the running service delivers it exactly once, whether the console is reachable now or later.
     */
    private boolean reportToConsole(CatalogRecord catalog) {
        AgentHome home = repository.agentHome();
        if (AgentIdentity.load(home.root(), CurrentPlatform.secretProtection()).isEmpty()) {
            return false;
        }
        Outbox.in(home.root()).enqueue(new RecoveryPointCreated(UUID.randomUUID().toString(), catalog.recoveryPointId(),
                catalogItem(catalog.item()), Instant.parse(catalog.time()), catalog.files(), catalog.totalBytes(),
                catalog.storedBytesAdded(), catalog.reusedBytes(), catalog.packIds()));
        return true;
    }

    /** The console's item kinds; a named files-and-folders item keeps its kind. */
    static String catalogItem(String item) {
        if (SystemConfiguration.ITEM.equals(item)) {
            return "SYSTEM_CONFIGURATION";
        }
        if ("SYSTEM_STATE".equalsIgnoreCase(item) || "system-state".equalsIgnoreCase(item)) {
            return "SYSTEM_STATE";
        }
        return "FILES_AND_FOLDERS";
    }
}
