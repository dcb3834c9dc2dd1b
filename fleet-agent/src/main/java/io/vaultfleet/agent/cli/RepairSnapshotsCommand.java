package io.vaultfleet.agent.cli;

import java.util.concurrent.Callable;

import io.vaultfleet.agent.repair.SnapshotRepair;
import io.vaultfleet.agent.repair.RepairReport;
import io.vaultfleet.agent.repo.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fleet-agent repair snapshots}: rewrites recovery points that need lost chunks, sets aside unreadable ones. */
@Command(name = "snapshots", mixinStandardHelpOptions = true, footer = RepairCommand.FOOTER,
        description = "Rewrite recovery points that need lost chunks without them (reporting each file), set aside those that do not read.")
public final class RepairSnapshotsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Override
    public Integer call() throws Exception {
        RepairReport report = new RepairReport();
        Repository repo = RepairCommand.open(repository);
        try (var store = repo.store()) {
            SnapshotRepair.run(repo, report);
        } finally {
            repo.wipeKey();
        }
        return RepairCommand.print(spec.commandLine().getOut(), report);
    }
}
