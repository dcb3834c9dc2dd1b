package io.vaultfleet.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import io.vaultfleet.agent.repair.ConfigRepair;
import io.vaultfleet.agent.repair.IndexRepair;
import io.vaultfleet.agent.repair.RepairReport;
import io.vaultfleet.agent.repair.SnapshotRepair;
import io.vaultfleet.agent.repair.TempFileRepair;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.store.BlobStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fleet-agent repair}: everything a damaged repository needs, in order: a lost config recreated, damaged packs
 * and index files set aside and the index rebuilt from pack headers, recovery points that need lost chunks rewritten
 * without them, unfinished writes completed or removed. Never re-initialises, never deletes a readable byte
 * (docs/decisions/020-repair.md). The sub-commands run one step each.
 */
@Command(name = "repair", mixinStandardHelpOptions = true, footer = RepairCommand.FOOTER,
        subcommands = {RepairConfigCommand.class, RepairIndexCommand.class, RepairSnapshotsCommand.class},
        description = "Repair a damaged repository: config, index, recovery points and unfinished writes. Run "
                + "'verify' before and after.")
public final class RepairCommand implements Callable<Integer> {
    static final String FOOTER = "Exit codes: 0 repaired (or nothing to repair) without losing data, 3 repaired but "
            + "data was lost (listed as 'lost:'), 4 wrong passphrase, 5 damage repair could not fix, 1 error.";

    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Option(names = "--read-data", description = "Also download every pack and authenticate every chunk: a pack "
            + "with a chunk that fails has its readable chunks copied to a new pack and is set aside")
    boolean readData;

    @Option(names = "--temp-min-age", paramLabel = "MINUTES", description = "Only temporary files of unfinished "
            + "writes older than this are touched, so a backup in progress is never hit (default ${DEFAULT-VALUE})")
    long tempMinAgeMinutes = 60;

    @Override
    public Integer call() throws Exception {
        RepairReport report = new RepairReport();
        try (BlobStore store = repository.openStore()) {
            char[] passphrase = repository.passphrase("Passphrase for " + store.describe());
            ConfigRepair.run(store, passphrase, report);
            ConfigRepair.setAsideDamagedKeys(store, report);
            Repository repo = Repository.open(store, passphrase);
            try {
                // first: a finished write that only missed its rename is a pack the index steps must see
                TempFileRepair.run(store, Duration.ofMinutes(tempMinAgeMinutes), Instant.now(), report);
                IndexRepair.run(repo, readData, report);
                SnapshotRepair.run(repo, report);
            } finally {
                repo.wipeKey();
            }
        }
        return print(spec.commandLine().getOut(), report);
    }

    /** Opens an existing repository (never creates one, even where the console assigned the location). */
    static Repository open(RepositoryOptions options) throws IOException {
        BlobStore store = options.openStore();
        return Repository.open(store, options.passphrase("Passphrase for " + store.describe()));
    }

    /** Prints every action, loss and unresolved problem; returns the exit code. */
    static int print(PrintWriter out, RepairReport report) {
        report.actions().forEach(a -> out.println("repaired: " + a));
        report.losses().forEach(l -> out.println("lost: " + l));
        report.unresolved().forEach(u -> out.println("error: " + u));
        if (report.actions().isEmpty() && report.losses().isEmpty() && report.unresolved().isEmpty()) {
            out.println("nothing to repair");
        } else {
            out.printf("%d repair(s), %d loss(es), %d problem(s) left; run 'fleet-agent verify' to check%n",
                    report.actions().size(), report.losses().size(), report.unresolved().size());
        }
        out.flush();
        if (!report.unresolved().isEmpty()) {
            return ExitCodes.DAMAGED;
        }
        return report.losses().isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
    }
}
