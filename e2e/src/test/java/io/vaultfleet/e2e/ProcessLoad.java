package io.vaultfleet.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's resident memory and CPU time as Linux reports them in {@code /proc}: two readings give its CPU share
 * over the time between them (of one core: 100% is one core busy the whole time).
 */
record ProcessLoad(long pid, long rssKib, long cpuTicks, long atNanos) {
    /** Clock ticks per second of {@code /proc/<pid>/stat} ({@code getconf CLK_TCK}; 100 on Linux). */
    private static final double TICKS = 100.0;

    static ProcessLoad of(long pid) {
        try {
            long rss = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("\\D", ""))
                    .mapToLong(Long::parseLong).findFirst().orElse(0);
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // fields after the command (which may hold spaces), from field 3 on: utime is 14th, stime 15th
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(after[11]) + Long.parseLong(after[12]);
            return new ProcessLoad(pid, rss, ticks, System.nanoTime());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + ": " + e, e);
        }
    }

    /**
     * The sum over a process and its descendants (PostgreSQL's postmaster and its backends), as one reading; a
     * descendant that ended between readings leaves its CPU time out.
     */
    static ProcessLoad ofTree(long pid) {
        ProcessLoad sum = of(pid);
        for (ProcessHandle child : ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(java.util.List.of())) {
            try {
                ProcessLoad one = of(child.pid());
                sum = new ProcessLoad(pid, sum.rssKib + one.rssKib, sum.cpuTicks + one.cpuTicks, sum.atNanos);
            } catch (IllegalStateException gone) {
                // ended meanwhile
            }
        }
        return sum;
    }

    /** The PostgreSQL server listening on {@code port}: its postmaster's pid (its command line names the port). */
    static long postmasterOn(int port) {
        return ProcessHandle.allProcesses().filter(h -> h.info().commandLine()
                        .filter(c -> c.contains("postgres") && c.contains("-p " + port + " ")).isPresent())
                .mapToLong(ProcessHandle::pid).min()
                .orElseThrow(() -> new IllegalStateException("no PostgreSQL server on port " + port));
    }

    /** CPU share since {@code earlier}, in percent of one core. */
    double cpuPercentSince(ProcessLoad earlier) {
        double seconds = (atNanos - earlier.atNanos) / 1e9;
        return (cpuTicks - earlier.cpuTicks) / TICKS / seconds * 100;
    }

    double rssMib() {
        return rssKib / 1024.0;
    }
}
