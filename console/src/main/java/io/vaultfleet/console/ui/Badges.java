package io.vaultfleet.console.ui;

import com.vaadin.flow.component.html.Span;

/** Small coloured status labels used in grids and headers. */
public final class Badges {
    public enum Tone { SUCCESS, ERROR, WARNING, NEUTRAL, INFO }

    private Badges() {
    }

    public static Span of(String text, Tone tone) {
        Span badge = new Span(text);
        badge.addClassNames("badge", "badge-" + tone.name().toLowerCase());
        return badge;
    }
}
