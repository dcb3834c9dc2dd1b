package io.vaultfleet.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * For the console's and e2e's benchmarks (tagged {@code benchmark}, run by {@code bench/*.sh}): each owns one section of
 * {@code bench/RESULTS.md} between {@code <!-- name:begin … -->} and {@code <!-- name:end -->}, replaced on every run
 * ({@code bench/run.sh} keeps these sections when it rewrites the file).
 */
public final class BenchResults {
    private BenchResults() {
    }

    /** "2026-11-25 17:42 UTC (… load average: …)": when and under what load a figure was taken. */
    public static String runStamp() {
        return Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC (" + uptime() + ")";
    }

    /**
     * Writes {@code section} (which starts with {@code <!-- name:begin} and ends with {@code <!-- name:end -->} and
     * a newline) in place of the previous one, or at the end of the file; prints it too.
     */
    public static void writeSection(String name, String section) throws IOException {
        Path results = Path.of(System.getProperty("bench.results", "../bench/RESULTS.md"));
        String text = Files.exists(results) ? Files.readString(results) : "";
        String endMarker = "<!-- " + name + ":end -->";
        int begin = text.indexOf("<!-- " + name + ":begin");
        int end = text.indexOf(endMarker);
        String updated = begin >= 0 && end > begin
                ? text.substring(0, begin) + section + text.substring(end + endMarker.length() + 1)
                : text + (text.endsWith("\n") || text.isEmpty() ? "\n" : "\n\n") + section;
        Files.writeString(results, updated);
        System.out.println(section);
    }

    private static String uptime() {
        try {
            return new String(new ProcessBuilder("uptime").redirectErrorStream(true).start().getInputStream()
                    .readAllBytes()).strip();
        } catch (IOException e) {
            return "uptime unknown";
        }
    }
}
