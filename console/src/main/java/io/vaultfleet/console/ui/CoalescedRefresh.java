package io.vaultfleet.console.ui;

import java.time.Duration;
import java.time.Instant;

import com.vaadin.flow.component.Component;

/**
 * Runs a view's refresh at most once per interval however many live updates arrive (a thousand agents reconnecting
 * at once): the first runs at once, the rest of a burst are folded into one refresh when the interval is over. Used
 * inside the UI lock only, so it needs no synchronisation.
 */
public final class CoalescedRefresh {
    private final Component owner;
    private final Duration atMostEvery;
    private final Runnable refresh;
    private Instant last = Instant.EPOCH;
    private boolean pending;

    public CoalescedRefresh(Component owner, Duration atMostEvery, Runnable refresh) {
        this.owner = owner;
        this.atMostEvery = atMostEvery;
        this.refresh = refresh;
    }

    /** A live update arrived: refresh now, or once at the end of the current interval. */
    public void request() {
        if (Duration.between(last, Instant.now()).compareTo(atMostEvery) >= 0) {
            now();
            return;
        }
        if (!pending) {
            pending = true;
            owner.getUI().ifPresent(ui -> ui.getPage().executeJs("return new Promise(r => setTimeout(r, $0))",
                    atMostEvery.toMillis()).then(ignored -> {
                        pending = false;
                        now();
                    }));
        }
    }

    /** Refreshes at once (the user changed a filter). */
    public void now() {
        last = Instant.now();
        refresh.run();
    }
}
