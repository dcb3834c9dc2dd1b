package io.vaultfleet.console.ui;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.shared.Registration;

/**
 * Server push for views: a view subscribes while it is attached and gets each published value inside
 * {@code ui.access}, so it may touch its components. Publishing never blocks on a browser.
 * <p>
 * Each value is about one vault (or none: console-wide), and reaches only the UIs whose {@link Audience} may see
 * that vault: one filter for every live view, so no view can leak another vault's events by forgetting a check.
 */
public final class LiveUpdates<T> {
    private final List<Subscriber<T>> subscribers = new CopyOnWriteArrayList<>();
    private final Function<T, UUID> vaultOf;

    private record Subscriber<T>(UI ui, Consumer<T> consumer, Audience audience) {
    }

    /**
     * Updates each about the vault {@code vaultOf} names ({@code null} for one that concerns no single vault, which
     * only users with a console-wide role get).
     */
    public LiveUpdates(Function<T, UUID> vaultOf) {
        this.vaultOf = vaultOf;
    }

    /** Console-wide updates: delivered only to users with a console-wide role. */
    public static <T> LiveUpdates<T> consoleWide() {
        return new LiveUpdates<>(value -> null);
    }

    /** Subscribes {@code component}'s UI for as long as the component is attached. */
    public void subscribe(Component component, Consumer<T> consumer) {
        subscribe(component, consumer, () -> {
        });
    }

    /**
     * Subscribes like {@link #subscribe(Component, Consumer)} and runs {@code catchUp} each time the subscription
     * starts, right after it is in place. A view that reads its state when it is built, before it is attached,
     * re-reads it there: a change published between that read and the attach reached no subscriber and would
     * otherwise never show (seen: a job that finished while its server's page opened stayed "not completed yet").
     */
    public void subscribe(Component component, Consumer<T> consumer, Runnable catchUp) {
        Registration[] current = new Registration[1];
        component.addAttachListener(e -> {
            current[0] = add(e.getUI(), consumer);
            catchUp.run();
        });
        component.addDetachListener(e -> {
            if (current[0] != null) {
                current[0].remove();
                current[0] = null;
            }
        });
        component.getUI().ifPresent(ui -> current[0] = add(ui, consumer));
    }

    private Registration add(UI ui, Consumer<T> consumer) {
        Subscriber<T> subscriber = new Subscriber<>(ui, consumer, Audience.of(ui));
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public void publish(T value) {
        if (subscribers.isEmpty()) {
            return;
        }
        UUID vault = vaultOf.apply(value);
        for (Subscriber<T> s : subscribers) {
            if (s.ui().isClosing()) {
                subscribers.remove(s);
                continue;
            }
            if (!s.audience().maySee(vault)) {
                continue;
            }
            try {
                s.ui().access(() -> s.consumer().accept(value));
            } catch (UIDetachedException e) {
                subscribers.remove(s);
            }
        }
    }

    int subscriberCount() {
        return subscribers.size();
    }
}
