package io.vaultfleet.agent.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

import io.vaultfleet.agent.host.HostInfo;
import io.vaultfleet.agent.repo.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fleet-agent change-passphrase}: rewraps the master key; no data is re-encrypted. */
@Command(name = "change-passphrase", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = "Change the encryption passphrase (rewraps the key; data is not re-encrypted).")
public final class ChangePassphraseCommand implements Callable<Integer> {
    static final String NEW_PASSPHRASE_ENV = "VAULTFLEET_NEW_PASSPHRASE";

    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Option(names = "--new-passphrase-file", paramLabel = "FILE",
            description = "File holding the new passphrase (else env " + NEW_PASSPHRASE_ENV + ", else a prompt)")
    Path newPassphraseFile;

    @Override
    public Integer call() throws Exception {
        Repository repo = repository.open();
        try {
            char[] fresh = RepositoryOptions.readPassphrase(newPassphraseFile, NEW_PASSPHRASE_ENV, "New passphrase");
            RepositoryOptions.checkStrength(fresh);
            if (newPassphraseFile == null && System.getenv(NEW_PASSPHRASE_ENV) == null) {
                char[] again = RepositoryOptions.readPassphrase(null, NEW_PASSPHRASE_ENV, "New passphrase again");
                if (!Arrays.equals(fresh, again)) {
                    throw new IllegalArgumentException("the two new passphrases differ; nothing changed");
                }
            }
            String key = repo.changePassphrase(fresh, HostInfo.current().hostName());
            spec.commandLine().getOut().println("passphrase changed (new key " + key + "); the old passphrase no longer opens the repository");
        } finally {
            repo.store().close();
        }
        return ExitCodes.OK;
    }
}
