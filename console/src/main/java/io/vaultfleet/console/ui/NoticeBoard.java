package io.vaultfleet.console.ui;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Keeps the latest {@link ConsoleNotice}s and tells the open notification areas about new ones. */
@Component
public class NoticeBoard {
    private static final int KEEP = 50;
    private final Deque<ConsoleNotice> latest = new ArrayDeque<>();
    private final LiveUpdates<ConsoleNotice> updates = new LiveUpdates<>();

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

    public List<ConsoleNotice> latest() {
        synchronized (latest) {
            return List.copyOf(latest);
        }
    }

    public LiveUpdates<ConsoleNotice> updates() {
        return updates;
    }
}
