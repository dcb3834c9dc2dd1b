package io.vaultfleet.agent.cli;

import java.util.concurrent.Callable;

import io.vaultfleet.agent.repair.IndexRepair;
import io.vaultfleet.agent.repair.RepairReport;
import io.vaultfleet.agent.repo.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fleet-agent repair index}: sets aside damaged packs and index files and indexes every stored pack from its header. */
@Command(name = "index", mixinStandardHelpOptions = true, footer = RepairCommand.FOOTER,
        description = "Set aside packs whose header fails and index files that fail authentication; index every stored pack from its header.")
public final class RepairIndexCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Option(names = "--read-data", description = "Also download every pack and authenticate every chunk: a pack "
            + "with a chunk that fails has its readable chunks copied to a new pack and is set aside")
    boolean readData;

    @Override
    public Integer call() throws Exception {
        RepairReport report = new RepairReport();
        Repository repo = RepairCommand.open(repository);
        try (var store = repo.store()) {
            IndexRepair.run(repo, readData, report);
        } finally {
            repo.wipeKey();
        }
        return RepairCommand.print(spec.commandLine().getOut(), report);
    }
}
