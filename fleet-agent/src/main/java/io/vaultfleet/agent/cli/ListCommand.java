package io.vaultfleet.agent.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.vaultfleet.agent.platform.FileNames;
import io.vaultfleet.agent.repo.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fleet-agent list}: the recovery points in the repository. */
@Command(name = "list", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = "List recovery points.")
public final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Option(names = "--json", description = "One JSON object per recovery point (or per entry, with --files)")
    boolean json;

    @Option(names = "--files", paramLabel = "RECOVERY-POINT",
            description = "List the entries of this recovery point (id, unique id prefix or 'latest') instead")
    String filesOf;

    record Row(String type, String id, String time, String host, String item, long files, long totalBytes) {
    }

    /** One entry of a recovery point; names that are not valid UTF-8 are shown with {@code \xNN} escapes. */
    record Entry(String type, String kind, String path, String mode, long size, String mtime, String target,
            int links, boolean sparse, List<String> xattrs) {
    }

    @Override
    public Integer call() throws Exception {
        if (filesOf != null) {
            return listFiles();
        }
        Repository repo = repository.open();
        List<Row> rows = new ArrayList<>();
        Repository.Headers headers;
        try {
            headers = repo.readHeaders();
        } finally {
            repo.store().close();
        }
        headers.readable().forEach((id, s) -> rows.add(new Row("recovery-point", id, s.time(), s.host(), s.item(),
                s.stats().files(), s.stats().totalBytes())));
        // a damaged header hides nothing else: named on stderr, and the exit code says the list is incomplete
        headers.damaged().forEach((id, why) -> spec.commandLine().getErr().println("warning: recovery point " + id
                + " skipped: its header is damaged (" + why + "); 'fleet-agent repair' sets it aside"));
        rows.sort(Comparator.comparing(Row::time));
        PrintWriter out = spec.commandLine().getOut();
        JsonLines lines = json ? new JsonLines(out) : null;
        if (lines == null) {
            out.printf("%-12s  %-24s  %-16s  %8s  %10s  %s%n", "ID", "TIME", "HOST", "FILES", "SIZE", "ITEM");
        }
        for (Row r : rows) {
            if (lines != null) {
                lines.emitRow(r);
            } else {
                out.printf("%-12s  %-24s  %-16s  %8d  %10s  %s%n", r.id().substring(0, 12), r.time(), r.host(), r.files(),
                        Sizes.bytes(r.totalBytes()), r.item());
            }
        }
        return headers.damaged().isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
    }

    private int listFiles() throws Exception {
        Repository repo = repository.open();
        try {
            return listFiles(repo);
        } finally {
            repo.store().close();
        }
    }

    private int listFiles(Repository repo) throws Exception {
        String id = repo.resolveSnapshot(filesOf);
        // node by node, never the whole list (decision 022), a segment at a time (decision 032); a first pass
        // authenticates and decodes everything, so a damaged point prints nothing but its error instead of a partial
        // listing
        repo.readSnapshot(id, n -> { });
        PrintWriter out = spec.commandLine().getOut();
        JsonLines lines = json ? new JsonLines(out) : null;
        repo.readSnapshot(id, n -> {
            String mtime = Instant.EPOCH.plusNanos(n.mtime()).toString();
            String mode = n.mode() < 0 ? "-" : String.format("%04o", n.mode());
            String target = FileNames.display(n.target());
            if (lines != null) {
                lines.emitRow(new Entry("entry", n.type().name().toLowerCase(Locale.ROOT),
                        FileNames.display(n.path()), mode, n.size(), mtime, target, n.links(), n.sparse(),
                        n.xattrs().stream().map(x -> FileNames.display(x.name())).toList()));
            } else {
                out.printf("%-12s %5s %12d  %-30s  %s%s%n", n.type().name().toLowerCase(Locale.ROOT), mode,
                        n.size(), mtime, FileNames.display(n.path()), target == null ? "" : " -> " + target);
            }
        });
        return ExitCodes.OK;
    }
}
