package io.vaultfleet.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.vaultfleet.agent.HostInfo;
import io.vaultfleet.agent.backup.Backup;
import io.vaultfleet.agent.backup.BackupListener;
import io.vaultfleet.agent.backup.BackupOptions;
import io.vaultfleet.agent.backup.BackupResult;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.source.FileSelection;
import io.vaultfleet.agent.source.SourceWarning;
import io.vaultfleet.agent.source.SystemConfiguration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
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
        if (paths.isEmpty() == !systemConfiguration) {
            throw new ParameterException(spec.commandLine(), "give PATHs to back up, or --system-configuration");
        }
        PrintWriter out = spec.commandLine().getOut();
        JsonLines lines = json ? new JsonLines(out) : null;
        Repository repo = repository.open();
        List<SourceWarning> early = new ArrayList<>();
        FileSelection selection;
        String itemName;
        if (systemConfiguration) {
            selection = SystemConfiguration.prepare(repository.cacheDir().resolve("system-configuration"), early::add);
            itemName = item != null ? item : SystemConfiguration.ITEM;
        } else {
            selection = new FileSelection(paths, includes, excludes);
            itemName = item != null ? item : "files:" + String.join(",", selection.roots().stream().map(Path::toString).toList());
        }
        BackupListener listener = new BackupListener() {
            @Override
            public void warning(SourceWarning w) {
                if (lines != null) {
                    lines.emit(new JsonLines.WarningEvent("warning", w.path(), w.message()));
                } else {
                    System.err.println("\rwarning: " + w.path() + ": " + w.message());
                }
            }

            @Override
            public void packUploaded(String packId, int bytes, int chunks) {
                if (lines != null) {
                    lines.emit(new JsonLines.PackEvent("pack", packId, bytes, chunks));
                }
            }

            @Override
            public void packsAdopted(int count) {
                if (lines != null) {
                    lines.emit(new JsonLines.AdoptedEvent("resumed", count));
                } else {
                    System.err.println("resuming: " + count + " pack(s) from an interrupted backup indexed, not uploaded again");
                }
            }
        };
        early.forEach(listener::warning);
        BackupOptions options = BackupOptions.defaults(itemName, HostInfo.current().hostName(), selection,
                repository.cacheDir()).withListener(listener);
        Backup backup = new Backup(repo, options);
        BackupResult result;
        try (ProgressPrinter progress = new ProgressPrinter(() -> backup.progress().event(), lines)) {
            result = backup.run();
        } finally {
            repo.store().close();
        }
        int warnings = result.warnings().size() + early.size();
        int code = warnings == 0 ? ExitCodes.OK : ExitCodes.PARTIAL;
        if (lines != null) {
            lines.emit(backup.progress().event());
            lines.emit(result.catalog());
            lines.emit(new JsonLines.SummaryEvent("summary", "backup", code, result.stats()));
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
        }
        return code;
    }
}
