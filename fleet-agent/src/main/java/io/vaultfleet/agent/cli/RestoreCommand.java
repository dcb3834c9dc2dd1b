package io.vaultfleet.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.vaultfleet.agent.repo.Repository;
import io.vaultfleet.agent.restore.RestoreProblem;
import io.vaultfleet.agent.restore.RestoreResult;
import io.vaultfleet.agent.restore.Restorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fleet-agent restore}: brings back a recovery point, whole or selected paths. */
@Command(name = "restore", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = "Restore a recovery point (or selected paths) to the original place or another folder.")
public final class RestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOptions repository;

    @Parameters(index = "0", paramLabel = "RECOVERY-POINT", description = "Id, unique id prefix, or 'latest'")
    String snapshot;

    @Option(names = "--target", paramLabel = "DIR", description = "Alternate folder (original paths below it)")
    Path target;

    @Option(names = "--original-location", description = "Restore over the original paths")
    boolean original;

    @Option(names = "--include", paramLabel = "PATH", description = "Only this path and what is below it (repeatable)")
    List<String> includes = new ArrayList<>();

    @Option(names = "--json", description = "Result as JSON on stdout")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if ((target == null) == !original) {
            throw new IllegalArgumentException("choose where to restore: --target DIR or --original-location");
        }
        Repository repo = repository.open();
        RestoreResult result;
        try {
            int threads = Math.max(2, Runtime.getRuntime().availableProcessors() + 1);
            result = new Restorer(repo).restore(new Restorer.Options(snapshot, includes,
                    target == null ? null : target.toAbsolutePath(), threads));
        } finally {
            repo.store().close();
        }
        int code = result.complete() ? ExitCodes.OK : ExitCodes.PARTIAL;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            new JsonLines(out).emit(new JsonLines.SummaryEvent("summary", "restore", code, result));
        } else {
            out.printf("restored recovery point %s: %d file(s), %d folder(s), %s%n", result.snapshotId().substring(0, 12),
                    result.files(), result.dirs(), Sizes.bytes(result.bytes()));
            for (String w : result.warnings()) {
                out.println("warning: " + w);
            }
            for (RestoreProblem p : result.problems()) {
                out.println("error: " + p.what() + "; incomplete file(s): " + String.join(", ", p.affectedFiles()));
            }
        }
        return code;
    }
}
