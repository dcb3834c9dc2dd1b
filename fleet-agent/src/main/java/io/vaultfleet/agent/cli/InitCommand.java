package io.vaultfleet.agent.cli;

import java.util.concurrent.Callable;

import io.vaultfleet.agent.host.HostInfo;
import io.vaultfleet.agent.repo.KdfParams;
import io.vaultfleet.agent.repo.RepoConfig;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.store.BlobStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fleet-agent init}: creates an empty repository (config and one key file). */
@Command(name = "init", mixinStandardHelpOptions = true, description = "Create an encrypted repository.",
        footer = ExitCodes.HELP)
public final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Option(names = "--kdf-memory", paramLabel = "KiB", description = "Argon2id memory (default ${DEFAULT-VALUE})")
    int kdfMemory = KdfParams.DEFAULT_MEMORY_KIB;

    @Option(names = "--kdf-iterations", paramLabel = "N", description = "Argon2id passes (default ${DEFAULT-VALUE})")
    int kdfIterations = KdfParams.DEFAULT_ITERATIONS;

    @Override
    public Integer call() throws Exception {
        char[] passphrase = repository.passphrase("New passphrase");
        RepositoryOptions.checkStrength(passphrase);
        try (BlobStore store = repository.openStore()) {
            Repository repo = Repository.init(store, passphrase,
                    new RepoConfig.KdfDefaults("argon2id", kdfMemory, kdfIterations, KdfParams.DEFAULT_PARALLELISM),
                    HostInfo.current().hostName());
            spec.commandLine().getOut().println("created repository " + repo.config().id().substring(0, 12) + " at "
                    + store.describe());
            spec.commandLine().getOut().println("Keep the passphrase safe: without it the backups cannot be restored.");
        }
        return ExitCodes.OK;
    }
}
