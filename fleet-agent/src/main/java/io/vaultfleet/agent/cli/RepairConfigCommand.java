package io.vaultfleet.agent.cli;

import java.util.concurrent.Callable;

import io.vaultfleet.agent.repair.ConfigRepair;
import io.vaultfleet.agent.repair.RepairReport;
import io.vaultfleet.agent.store.BlobStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fleet-agent repair config}: recreates a lost config from the key files and the packs they open;
 * sets aside key files that do not parse. */
@Command(name = "config", mixinStandardHelpOptions = true, footer = RepairCommand.FOOTER,
        description = "Recreate a missing config from a key file the passphrase opens and the packs that key "
                + "authenticates (a new gear seed: new backups deduplicate less against old ones).")
public final class RepairConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Override
    public Integer call() throws Exception {
        RepairReport report = new RepairReport();
        try (BlobStore store = repository.openStore()) {
            ConfigRepair.run(store, repository.passphrase("Passphrase for " + store.describe()), report);
            ConfigRepair.setAsideDamagedKeys(store, report);
        }
        return RepairCommand.print(spec.commandLine().getOut(), report);
    }
}
