package io.vaultfleet.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;

class LiveUpdatesTest {

    @Test
    void catchUpRunsOnEveryAttachOnceTheSubscriptionIsInPlace() {
        LiveUpdates<String> updates = new LiveUpdates<>();
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
        LiveUpdates<String> updates = new LiveUpdates<>();
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
}
