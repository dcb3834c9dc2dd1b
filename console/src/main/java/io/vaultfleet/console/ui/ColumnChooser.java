package io.vaultfleet.console.ui;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.contextmenu.ContextMenu;
import com.vaadin.flow.component.contextmenu.MenuItem;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.server.VaadinSession;

/**
 * The portal's "Choose columns" for a grid, with open-source components only (a button opening a menu of checkable
 * column names). A wide list fits a 1366 px screen with its less used columns hidden; what the user picks is kept
 * for the session, so it survives leaving the page.
 */
public final class ColumnChooser extends Button {
    private final Grid<?> grid;
    private final String sessionKey;
    private final ContextMenu menu;

    /**
     * @param optional the keys of the columns the user may show or hide; the others always show
     * @param hiddenByDefault the keys hidden until the user shows them
     */
    public ColumnChooser(Grid<?> grid, String sessionKey, List<String> optional, Set<String> hiddenByDefault) {
        super("Choose columns", VaadinIcon.TABLE.create());
        this.grid = grid;
        this.sessionKey = "column-chooser:" + sessionKey;
        addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        Set<String> hidden = remembered(hiddenByDefault);
        menu = new ContextMenu(this);
        menu.setOpenOnClick(true);
        for (String key : optional) {
            Grid.Column<?> column = grid.getColumnByKey(key);
            boolean shown = !hidden.contains(key);
            column.setVisible(shown);
            MenuItem item = menu.addItem(column.getHeaderText(), e -> {
                // the column's state decides, whether or not the browser already flipped the tick
                boolean show = !column.isVisible();
                column.setVisible(show);
                e.getSource().setChecked(show);
                remember();
            });
            item.setCheckable(true);
            item.setChecked(shown);
            item.setKeepOpen(true);
            item.setId("column-" + key.toLowerCase(Locale.ROOT).replace('_', '-'));
        }
    }

    /** The menu of columns (for tests that tick them). */
    public ContextMenu menu() {
        return menu;
    }

    @SuppressWarnings("unchecked")
    private Set<String> remembered(Set<String> hiddenByDefault) {
        VaadinSession session = VaadinSession.getCurrent();
        Object kept = session == null ? null : session.getAttribute(sessionKey);
        return kept instanceof Set<?> set ? (Set<String>) set : hiddenByDefault;
    }

    private void remember() {
        Set<String> hidden = new LinkedHashSet<>();
        grid.getColumns().stream().filter(c -> c.getKey() != null && !c.isVisible()).forEach(c -> hidden.add(c.getKey()));
        VaadinSession session = VaadinSession.getCurrent();
        if (session != null) {
            session.setAttribute(sessionKey, Set.copyOf(hidden));
        }
    }
}
