package io.vaultfleet.console.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;

/** The title block at the top of a view: a heading, an optional description and optional actions on the right. */
public class ViewHeader extends Div {
    private final Div actions = new Div();

    public ViewHeader(String title, String description) {
        addClassName("view-header");
        Div text = new Div(new H2(title));
        text.addClassName("view-header-text");
        if (description != null && !description.isBlank()) {
            Paragraph p = new Paragraph(description);
            p.addClassName("view-header-description");
            text.add(p);
        }
        actions.addClassName("view-header-actions");
        add(text, actions);
    }

    public ViewHeader withActions(Component... components) {
        actions.add(components);
        return this;
    }
}
