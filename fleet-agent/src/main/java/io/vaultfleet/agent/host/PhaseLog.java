package io.vaultfleet.agent.host;

/**
 * Debug timing of a run's phases, printed to stderr only when {@code VAULTFLEET_TIMING=1} (or
 * {@code -Dvaultfleet.timing=true}): {@code timing: <phase> +<ms since the previous mark> @<ms since JVM start>}.
 * Used to profile short-lived backup and restore processes; silent and nearly free otherwise.
 */
public final class PhaseLog {
    private static final boolean ENABLED = "1".equals(System.getenv("VAULTFLEET_TIMING"))
            || Boolean.getBoolean("vaultfleet.timing");
    private static final long START = ProcessHandle.current().info().startInstant()
            .map(i -> i.toEpochMilli()).orElse(System.currentTimeMillis());
    private static long last = START;

    private PhaseLog() {
    }

    public static synchronized void mark(String phase) {
        if (!ENABLED) {
            return;
        }
        long now = System.currentTimeMillis();
        System.err.printf("timing: %-28s +%5d ms @%6d ms%n", phase, now - last, now - START);
        last = now;
    }
}
