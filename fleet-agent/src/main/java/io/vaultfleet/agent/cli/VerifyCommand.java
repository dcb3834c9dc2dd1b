package io.vaultfleet.agent.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.vaultfleet.agent.backup.BackupEvent;
import io.vaultfleet.agent.repo.ChunkSealer;
import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.verify.Verifier;
import io.vaultfleet.agent.verify.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fleet-agent verify}: checks the repository's structure, and with --read-data every stored byte. */
@Command(name = "verify", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = "Check the repository; --read-data also re-reads and authenticates every pack.")
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Option(names = "--read-data", description = "Download every pack and authenticate every chunk")
    boolean readData;

    @Option(names = "--json", description = "Report as JSON on stdout")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (readData) {
            // only --read-data opens chunks; a structural check would pay for the warm-up for nothing
            ChunkSealer.warmUpOpeningInBackground();
        }
        Repository repo = repository.open();
        VerifyReport report;
        try {
            report = new Verifier(repo).verify(readData, Math.max(2, Runtime.getRuntime().availableProcessors()));
        } finally {
            repo.store().close();
        }
        int code = report.ok() ? ExitCodes.OK : ExitCodes.DAMAGED;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            new JsonLines(out).emit(new BackupEvent.Summary("verify", code, report));
            return code;
        }
        out.printf("%d recovery point(s), %d index file(s), %d pack(s), %d chunk(s)%s%n", report.snapshots(),
                report.indexFiles(), report.packs(), report.chunks(),
                readData ? ", " + Sizes.bytes(report.packBytesRead()) + " read and authenticated" : "");
        report.notes().forEach(n -> out.println("note: " + n));
        report.problems().forEach(p -> out.println("error: " + p));
        out.println(report.ok() ? "no problems found" : report.problems().size() + " problem(s) found");
        if (!report.ok()) {
            out.println("'fleet-agent repair" + (readData ? " --read-data" : "") + "' repairs what can be repaired "
                    + "(it sets damaged data aside and deletes nothing readable) and names every file that lost data");
        }
        return code;
    }
}
