package io.vaultfleet.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vaultfleet.agent.backup.BackupEvent;
import io.vaultfleet.agent.platform.ProcessCommandRunner;
import io.vaultfleet.agent.platform.windows.SystemStateRecovery;
import io.vaultfleet.agent.repo.ChunkSealer;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.restore.RestoreListener;
import io.vaultfleet.agent.restore.RestoreProblem;
import io.vaultfleet.agent.restore.RestoreResult;
import io.vaultfleet.agent.restore.Restorer;
import io.vaultfleet.protocol.ConflictPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fleet-agent restore}: brings back a recovery point, whole or selected paths. */
@Command(name = "restore", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = "Restore a recovery point (or selected paths) to the original place or another folder.")
public final class RestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Parameters(index = "0", paramLabel = "RECOVERY-POINT", description = "Id, unique id prefix, or 'latest'")
    String snapshot;

    @Option(names = "--target", paramLabel = "DIR", description = "Alternate folder (original paths below it)")
    Path target;

    @Option(names = "--original-location", description = "Restore over the original paths")
    boolean original;

    @Option(names = "--include", paramLabel = "PATH", description = "Only this path and what is below it (repeatable)")
    List<String> includes = new ArrayList<>();

    @Option(names = "--system-state-recovery",
            description = "After restoring a System State recovery point, show the wbadmin recovery steps for it")
    boolean systemStateRecovery;

    @Option(names = "--perform", description = "With --system-state-recovery: run wbadmin start systemstaterecovery "
            + "(Windows; replaces the System State and ends with a restart)")
    boolean perform;

    @Option(names = "--domain-controller", paramLabel = "MODE",
            description = "With --system-state-recovery on a domain controller: NON_AUTHORITATIVE or AUTHORITATIVE")
    SystemStateRecovery.AdRestore domainController;

    @Option(names = "--json", description = "Result as JSON on stdout")
    boolean json;

    /** The wizard's *on conflict* choices, as typed. */
    enum OnConflict {
        CREATE_COPIES("create-copies"), OVERWRITE("overwrite"), SKIP("skip");

        final String typed;

        OnConflict(String typed) {
            this.typed = typed;
        }

        @Override
        public String toString() {
            return typed;
        }
    }

    @Option(names = "--on-conflict", paramLabel = "POLICY", converter = OnConflictConverter.class,
            description = "When an item exists at its destination: create-copies (restore beside it as "
                    + "'name (restored 1).ext'), overwrite (the default), or skip (keep it; the item is listed)")
    OnConflict onConflict = OnConflict.OVERWRITE;

    @Option(names = "--no-permissions", description = "Do not restore permissions (mode, owner, extended attributes, "
            + "NTFS ACLs): items get the destination's defaults")
    boolean noPermissions;

    static final class OnConflictConverter implements CommandLine.ITypeConverter<OnConflict> {
        @Override
        public OnConflict convert(String value) {
            for (OnConflict c : OnConflict.values()) {
                if (c.typed.equalsIgnoreCase(value) || c.name().equalsIgnoreCase(value)) {
                    return c;
                }
            }
            throw new CommandLine.TypeConversionException("--on-conflict must be create-copies, overwrite or "
                    + "skip, not '" + value + "'");
        }
    }

    @Override
    public Integer call() throws Exception {
        if ((target == null) == !original) {
            throw new IllegalArgumentException("choose where to restore: --target DIR or --original-location");
        }
        if (perform && !systemStateRecovery) {
            throw new IllegalArgumentException("--perform goes with --system-state-recovery");
        }
        ChunkSealer.warmUpOpeningInBackground();
        Repository repo = repository.open();
        List<String> skipped = new CopyOnWriteArrayList<>();
        RestoreListener listener = new RestoreListener() {
            @Override
            public void skipped(String path, String reason) {
                skipped.add(path + ": " + reason);
            }
        };
        RestoreResult result;
        List<String> roots;
        try {
            int threads = Math.max(2, Runtime.getRuntime().availableProcessors() + 1);
            result = new Restorer(repo).restore(new Restorer.Options(snapshot, includes,
                    target == null ? null : target.toAbsolutePath(), threads,
                    ConflictPolicy.valueOf(onConflict.name()), !noPermissions, listener));
            roots = repo.readSnapshotHeader(result.snapshotId()).paths();
        } finally {
            repo.store().close();
        }
        int code = result.complete() ? ExitCodes.OK : ExitCodes.PARTIAL;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            new JsonLines(out).emit(new BackupEvent.Summary("restore", code, result));
        } else {
            out.printf("restored recovery point %s: %d file(s), %d folder(s), %s%n", result.snapshotId().substring(0, 12),
                    result.files(), result.dirs(), Sizes.bytes(result.bytes()));
            for (String w : result.warnings()) {
                out.println("warning: " + w);
            }
            for (String s : skipped) {
                out.println("skipped: " + s);
            }
            for (RestoreProblem p : result.problems()) {
                out.println("error: " + p.what() + "; incomplete file(s): " + String.join(", ", p.affectedFiles()));
            }
            if (!result.incompleteFiles().isEmpty()) {
                out.println("error: " + result.incompleteFiles().size() + " file(s) could not be restored in full and "
                        + "were written as <name>" + Restorer.INCOMPLETE_SUFFIX + ", not under their own name: "
                        + String.join(", ", result.incompleteFiles()));
            }
        }
        if (systemStateRecovery && code == ExitCodes.OK) {
            return recoverSystemState(roots, out);
        }
        return code;
    }

    /**
     * wbadmin recovers System State from a {@code WindowsImageBackup\<host>} folder at the root of a volume (or share):
     * the restored folder says which. The steps are printed; with {@code --perform} they run (Windows only).
     */
    private int recoverSystemState(List<String> roots, PrintWriter out) throws Exception {
        Path restored = roots.stream().map(r -> Restorer.destination(r, target == null ? null : target.toAbsolutePath()))
                .filter(p -> p.getParent() != null && p.getParent().getFileName() != null
                        && p.getParent().getFileName().toString().equalsIgnoreCase("WindowsImageBackup"))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("this recovery point holds no "
                        + "WindowsImageBackup\\<host> folder: it is not a System State recovery point"));
        String backupTarget = restored.getParent().getParent().toString();
        String host = restored.getFileName().toString();
        var recovery = new SystemStateRecovery(
                new ProcessCommandRunner(), backupTarget, host);
        var ad = domainController == null ? SystemStateRecovery.AdRestore.NOT_A_DOMAIN_CONTROLLER
                : domainController;
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        String version = windows ? recovery.latestSystemStateVersion().identifier() : "<version from wbadmin get versions>";
        out.println("System State recovery of " + host + " from " + backupTarget + ":");
        for (String step : recovery.steps(version, ad)) {
            out.println("  " + step);
        }
        if (!perform) {
            return ExitCodes.OK;
        }
        if (!windows) {
            throw new IllegalArgumentException("--perform runs wbadmin: on Windows Server only");
        }
        var outcome = recovery.perform(version, ad);
        if (!outcome.succeeded()) {
            out.println("error: wbadmin did not recover the System State: " + outcome.error() + " (logs: " + outcome.logFiles() + ")");
            return ExitCodes.ERROR;
        }
        out.println("System State recovery started; restart the server when wbadmin asks.");
        return ExitCodes.OK;
    }
}
