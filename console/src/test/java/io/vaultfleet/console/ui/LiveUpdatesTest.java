package io.vaultfleet.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.Command;
import com.vaadin.flow.component.html.Div;

class LiveUpdatesTest {

    @Test
    void catchUpRunsOnEveryAttachOnceTheSubscriptionIsInPlace() {
        LiveUpdates<String> updates = LiveUpdates.consoleWide();
        UI ui = new UI();
        Div view = new Div();
        List<Integer> subscribersSeenByCatchUp = new ArrayList<>();
        updates.subscribe(view, value -> {
        }, () -> subscribersSeenByCatchUp.add(updates.subscriberCount()));
        assertThat(subscribersSeenByCatchUp).as("nothing to catch up before the view is shown").isEmpty();

        ui.add(view);
        // a change published from here on reaches the view; one published before is what the catch-up re-reads
        assertThat(subscribersSeenByCatchUp).containsExactly(1);

        ui.remove(view);
        assertThat(updates.subscriberCount()).isZero();

        ui.add(view);
        assertThat(subscribersSeenByCatchUp).containsExactly(1, 1);
        assertThat(updates.subscriberCount()).isEqualTo(1);
    }

    @Test
    void withoutACatchUpASubscriptionStillFollowsAttachAndDetach() {
        LiveUpdates<String> updates = LiveUpdates.consoleWide();
        UI ui = new UI();
        Div view = new Div();
        updates.subscribe(view, value -> {
        });
        assertThat(updates.subscriberCount()).isZero();
        ui.add(view);
        assertThat(updates.subscriberCount()).isEqualTo(1);
        ui.remove(view);
        assertThat(updates.subscriberCount()).isZero();
    }

    /** A UI that runs access() at once: enough to see which subscribers a value reaches, without a servlet. */
    private static UI tab(Audience audience) {
        UI ui = new UI() {
            @Override
            public Future<Void> access(Command command) {
                command.execute();
                return CompletableFuture.completedFuture(null);
            }
        };
        if (audience != null) {
            Audience.set(ui, audience);
        }
        return ui;
    }

    private record Event(UUID vaultId, String what) {
    }

    @Test
    void aValueAboutAVaultReachesOnlyTheTabsWhoseUserMaySeeThatVault() {
        UUID vaultA = UUID.randomUUID();
        UUID vaultB = UUID.randomUUID();
        LiveUpdates<Event> updates = new LiveUpdates<>(Event::vaultId);
        List<String> readerOfA = new ArrayList<>();
        List<String> readerOfB = new ArrayList<>();
        List<String> consoleReader = new ArrayList<>();
        List<String> unknownUser = new ArrayList<>();
        subscribe(updates, tab(readerOf(vaultA)), readerOfA);
        subscribe(updates, tab(readerOf(vaultB)), readerOfB);
        subscribe(updates, tab(vault -> true), consoleReader);
        subscribe(updates, tab(null), unknownUser);

        updates.publish(new Event(vaultB, "backup of B failed"));
        updates.publish(new Event(vaultA, "alert in A"));
        updates.publish(new Event(null, "console-wide"));

        assertThat(readerOfA).containsExactly("alert in A");
        assertThat(readerOfB).containsExactly("backup of B failed");
        assertThat(consoleReader).containsExactly("backup of B failed", "alert in A", "console-wide");
        assertThat(unknownUser).as("a tab with no known user gets nothing").isEmpty();
    }

    @Test
    void theNoticeBoardListsAndDeliversOnlyWhatTheUserMaySee() {
        UUID vaultA = UUID.randomUUID();
        UUID vaultB = UUID.randomUUID();
        NoticeBoard board = new NoticeBoard();
        List<ConsoleNotice> bellOfA = new ArrayList<>();
        Div area = new Div();
        board.updates().subscribe(area, bellOfA::add);
        tab(readerOf(vaultA)).add(area);

        var now = java.time.Instant.parse("2026-01-01T00:00:00Z");
        board.on(new ConsoleNotice(ConsoleNotice.Level.ERROR, "Backup of b-server: Failed", "disk full", now, vaultB));
        board.on(new ConsoleNotice(ConsoleNotice.Level.WARNING, "Alert: a-server", "missed", now, vaultA));
        board.on(new ConsoleNotice(ConsoleNotice.Level.INFO, "Agent 2.0 released", null, now));

        assertThat(bellOfA).extracting(ConsoleNotice::title).containsExactly("Alert: a-server");
        assertThat(board.latest(readerOf(vaultA))).extracting(ConsoleNotice::title)
                .containsExactly("Alert: a-server");
        assertThat(board.latest(vault -> true)).hasSize(3);
        assertThat(board.latest(Audience.NOBODY)).isEmpty();
    }

    /** A user who may read these vaults only (no console-wide role). */
    private static Audience readerOf(UUID... vaults) {
        Set<UUID> readable = Set.of(vaults);
        return vault -> vault != null && readable.contains(vault);
    }

    private static void subscribe(LiveUpdates<Event> updates, UI ui, List<String> into) {
        Div view = new Div();
        updates.subscribe(view, e -> into.add(e.what()));
        ui.add(view);
    }
}
