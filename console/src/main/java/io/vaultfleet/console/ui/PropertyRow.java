package io.vaultfleet.console.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

/** A "name: value" line, as in the portal's Essentials and Review + create summaries. */
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
}
