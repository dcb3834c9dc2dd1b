package io.vaultfleet.console.ui;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the latest {@link ConsoleNotice}s and tells the open notification areas about new ones; each area gets and
 * lists only the notices its user may see.
 */
@Component
public class NoticeBoard {
    private static final int KEEP = 200;
    private final Deque<ConsoleNotice> latest = new ArrayDeque<>();
    private final LiveUpdates<ConsoleNotice> updates = new LiveUpdates<>(ConsoleNotice::vaultId);

    @EventListener
    public void on(ConsoleNotice notice) {
        synchronized (latest) {
            latest.addFirst(notice);
            while (latest.size() > KEEP) {
                latest.removeLast();
            }
        }
        updates.publish(notice);
    }

    /** The latest notices {@code audience} may see, newest first. */
    public List<ConsoleNotice> latest(Audience audience) {
        List<ConsoleNotice> all;
        synchronized (latest) {
            all = List.copyOf(latest);
        }
        return all.stream().filter(n -> audience.maySee(n.vaultId())).toList();
    }

    public LiveUpdates<ConsoleNotice> updates() {
        return updates;
    }
}
