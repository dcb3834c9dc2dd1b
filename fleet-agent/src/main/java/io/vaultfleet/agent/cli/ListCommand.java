package io.vaultfleet.agent.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.repo.Snapshot;
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

    @Option(names = "--json", description = "One JSON object per recovery point")
    boolean json;

    record Row(String type, String id, String time, String host, String item, long files, long totalBytes) {
    }

    @Override
    public Integer call() throws Exception {
        Repository repo = repository.open();
        List<Row> rows = new ArrayList<>();
        try {
            for (String id : repo.snapshotIds()) {
                Snapshot s = repo.readSnapshotHeader(id);
                rows.add(new Row("recovery-point", id, s.time(), s.host(), s.item(), s.stats().files(), s.stats().totalBytes()));
            }
        } finally {
            repo.store().close();
        }
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
        return ExitCodes.OK;
    }
}
