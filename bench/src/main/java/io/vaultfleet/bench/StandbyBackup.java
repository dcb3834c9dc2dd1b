package io.vaultfleet.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.vaultfleet.agent.cli.StandbyCommand;
import tools.jackson.databind.json.JsonMapper;

/**
 * Times one backup the way the agent service runs it (jobs/BackupJobs with its standby process): starts
 * {@code <agent> standby --home <home>} under {@code /usr/bin/time}, waits until it is warm, runs the
 * {@code before} shell command (warming the source into page cache, {@code sync}: what happens between jobs), hands
 * the backup's command line over and times from the hand-over to the process's end.
 *
 * <pre>StandbyBackup TIME_OUT LOG HOME BEFORE AGENT_SCRIPT backup args...</pre>
 *
 * Prints {@code <seconds> <exit code> <idle RSS KiB>}; {@code TIME_OUT} gets {@code /usr/bin/time}'s {@code %e %M}
 * for the whole process (warm-up included, so its peak RSS is the process's peak over its life).
 */
public final class StandbyBackup {
    private StandbyBackup() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 6 || !"backup".equals(args[5])) {
            System.err.println("usage: StandbyBackup TIME_OUT LOG HOME BEFORE AGENT_SCRIPT backup args...");
            System.exit(2);
        }
        Path log = Path.of(args[1]);
        List<String> command = List.of("/usr/bin/time", "-f", "%e %M", "-o", args[0], args[4], "standby", "--home", args[2]);
        List<String> backup = List.of(args).subList(5, args.length);
        Process process = new ProcessBuilder(command).redirectError(log.resolveSibling(log.getFileName() + ".err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> before = new ArrayList<>();
        for (String line; ; ) {
            line = out.readLine();
            if (line == null) {
                System.err.println("standby ended before it was ready, exit code " + process.waitFor() + "; see " + log + ".err");
                System.exit(1);
            }
            if (StandbyCommand.READY.equals(line.strip())) {
                break;
            }
            before.add(line);
        }
        long idleRss = idleRssKiB(process);
        int prepared = new ProcessBuilder("sh", "-c", args[3]).inheritIO().start().waitFor();
        if (prepared != 0) {
            System.err.println("'" + args[3] + "' failed with exit code " + prepared);
            process.destroy();
            System.exit(1);
        }
        byte[] job = (JsonMapper.builder().build().writeValueAsString(backup) + "\n").getBytes(StandardCharsets.UTF_8);
        long started = System.nanoTime();
        try (OutputStream in = process.getOutputStream()) {
            in.write(job);
        }
        List<String> lines = new ArrayList<>(before);
        for (String line; (line = out.readLine()) != null; ) {
            lines.add(line);
        }
        int code = process.waitFor();
        long ended = System.nanoTime();
        Files.write(log, lines);
        System.out.printf(Locale.ROOT, "%.3f %d %d%n", (ended - started) / 1e9, code, idleRss);
    }

    /** Resident memory of the waiting java process (the child of {@code time} and its script), KiB; 0 if unknown. */
    private static long idleRssKiB(Process time) {
        return time.toHandle().descendants().filter(h -> h.info().command().orElse("").endsWith("java"))
                .findFirst().map(h -> {
                    try {
                        return Files.readAllLines(Path.of("/proc", Long.toString(h.pid()), "status")).stream()
                                .filter(l -> l.startsWith("VmRSS:")).findFirst()
                                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
                    } catch (IOException e) {
                        return 0L;
                    }
                }).orElse(0L);
    }
}
