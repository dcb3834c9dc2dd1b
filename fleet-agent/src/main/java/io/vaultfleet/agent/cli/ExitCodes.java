package io.vaultfleet.agent.cli;

/** Exit codes of the agent's commands (also listed in {@code fleet-agent --help}). */
public final class ExitCodes {
    public static final int OK = 0;
    /** I/O failure, no repository, store unreachable. */
    public static final int ERROR = 1;
    /** Bad command line (picocli's own code). */
    public static final int USAGE = 2;
    /**
     * Done, but with warnings (files not backed up), an incomplete restore, a {@code list} that skipped a damaged
     * recovery point, or a {@code repair} that had to give up data (each loss named).
     */
    public static final int PARTIAL = 3;
    /** The passphrase opens no key of the repository. */
    public static final int WRONG_PASSPHRASE = 4;
    /**
     * The repository is damaged (verify found problems, stored data fails authentication, config is missing, or
     * repair left damage it could not fix).
     */
    public static final int DAMAGED = 5;
    /** The console refused the request (a registration with a bad, expired or revoked file, a taken name). */
    public static final int REFUSED = 6;

    public static final String HELP = "Exit codes: 0 ok, 1 error, 2 bad usage, 3 done with warnings, incomplete "
            + "restore or a repair that lost data, 4 wrong passphrase, 5 repository damaged, 6 refused by the "
            + "console. 'status' has its own: 0 connected, 3 running but not connected, 4 not running.";

    private ExitCodes() {
    }
}
