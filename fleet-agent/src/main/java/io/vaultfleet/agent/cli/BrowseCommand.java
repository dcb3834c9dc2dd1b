package io.vaultfleet.agent.cli;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.restore.PointBrowser;
import io.vaultfleet.protocol.FolderEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fleet-agent browse}: one page of a folder of a recovery point, as the console's *Select items* shows it
 * (the same {@link PointBrowser}). The paths printed are what {@code browse} takes as FOLDER and {@code restore
 * --include} takes; {@code --cursor} continues after a page.
 */
@Command(name = "browse", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = "List one page of a folder of a recovery point (the backed-up roots without FOLDER).")
public final class BrowseCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Parameters(index = "0", paramLabel = "RECOVERY-POINT", description = "Id, unique id prefix, or 'latest'")
    String snapshot;

    @Parameters(index = "1", paramLabel = "FOLDER", arity = "0..1",
            description = "A folder's path as a previous page printed it; without it: the backed-up roots")
    String folder = "";

    @Option(names = "--limit", paramLabel = "N", description = "Entries per page, 1 to 2000 (default 100)")
    int limit = 100;

    @Option(names = "--cursor", paramLabel = "C", description = "Continue after the page that printed this cursor")
    String cursor;

    @Option(names = "--name", paramLabel = "TEXT", description = "Only names containing TEXT (case-insensitive)")
    String name;

    @Override
    public Integer call() throws Exception {
        if (limit < 1 || limit > 2000) {
            throw new IllegalArgumentException("--limit must be 1 to 2000, not " + limit);
        }
        Repository repo = repository.open();
        PointBrowser.Page page;
        try {
            page = new PointBrowser(repo).page(snapshot, folder, cursor, limit, name);
        } finally {
            repo.store().close();
        }
        PrintWriter out = spec.commandLine().getOut();
        for (FolderEntry e : page.entries()) {
            out.printf("%-7s  %12s  %-19s  %s%n", e.kind().name().toLowerCase(), e.kind().name().equals("FILE")
                    ? Sizes.bytes(e.size()) : "", e.modifiedAt() == null ? "" : TIME.format(e.modifiedAt()), e.path());
        }
        if (page.entries().isEmpty()) {
            out.println(name == null ? "(empty)" : "(nothing whose name contains '" + name + "')");
        }
        if (page.nextCursor() != null) {
            out.println("more: --cursor " + page.nextCursor());
        }
        return ExitCodes.OK;
    }
}
