package io.vaultfleet.console.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

/**
 * A "name: value" line: {@link #of} as in the portal's Essentials and Review + create summaries, {@link #labelled}
 * as a row of a {@code properties} list (a server's, a job's page). The one place that builds them.
 */
public final class PropertyRow {
    private PropertyRow() {
    }

    public static Div of(String name, String value) {
        Span n = new Span(name);
        n.addClassName("property-name");
        Span v = new Span(value);
        v.addClassName("property-value");
        Div row = new Div(n, v);
        row.addClassName("property");
        return row;
    }

    /** A row of a {@code properties} list; the value keeps its own id and classes. */
    public static Div labelled(String label, Component value) {
        Span name = new Span(label);
        name.addClassName("property-label");
        value.addClassName("property-value");
        Div row = new Div(name, value);
        row.addClassName("property");
        return row;
    }

    /** As {@link #labelled(String, Component)} for a text; null shows as empty. */
    public static Div labelled(String label, String value) {
        return labelled(label, new Span(value == null ? "" : value));
    }
}
