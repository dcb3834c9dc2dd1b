package io.vaultfleet.agent.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.vaultfleet.agent.backup.ProgressEvent;

/** Every second: a JSON progress line ({@code --json}) or a rewritten status line on a terminal; else nothing. */
final class ProgressPrinter implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private final boolean terminal;

    ProgressPrinter(Supplier<ProgressEvent> source, JsonLines json) {
        this.terminal = json == null && System.console() != null;
        if (json == null && !terminal) {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        PrintStream err = System.err;
        timer.scheduleAtFixedRate(() -> {
            ProgressEvent e = source.get();
            if (json != null) {
                json.emit(e);
            } else {
                err.print("\r" + line(e) + "   ");
                err.flush();
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    static String line(ProgressEvent e) {
        String total = e.totalsKnown() ? Sizes.bytes(e.bytesTotal()) : "…";
        String pct = e.totalsKnown() && e.bytesTotal() > 0
                ? String.format(Locale.ROOT, " %3d%%", e.bytesDone() * 100 / e.bytesTotal()) : "";
        return String.format(Locale.ROOT, "[%s]%s %s / %s, %d / %s files, %s/s, ETA %s, %s new", e.phase(), pct,
                Sizes.bytes(e.bytesDone()), total, e.filesDone(), e.totalsKnown() ? e.filesTotal() : "…",
                Sizes.bytes(e.bytesPerSecond()), Sizes.duration(e.etaSeconds()), Sizes.bytes(e.newBytes()));
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            if (terminal) {
                System.err.println();
            }
        }
    }
}
