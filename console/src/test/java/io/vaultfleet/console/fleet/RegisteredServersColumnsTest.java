package io.vaultfleet.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.ClickEvent;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.contextmenu.ContextMenu;
import com.vaadin.flow.component.contextmenu.MenuItem;
import com.vaadin.flow.component.grid.Grid;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.ui.ColumnChooser;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * Registered servers' Choose columns, browserless: the list starts with the less used columns hidden (so it fits
 * 1366 px), a column the user ticks shows, and the choice holds when the page is opened again in the session.
 */
@ConsoleTest
class RegisteredServersColumnsTest extends SpringBrowserlessTest {

    @Test
    @WithMockUser(username = "columns-reader", authorities = "ROLE_READER")
    void lessUsedColumnsStartHiddenAndTheUsersChoiceHolds() {
        navigate(RegisteredServersView.class);
        Grid<?> grid = $(Grid.class).id("servers-grid");
        assertThat(visible(grid, "SINCE")).isFalse();
        assertThat(visible(grid, "OS")).isFalse();
        assertThat(visible(grid, "LAST_SEEN")).isFalse();
        assertThat(visible(grid, "VAULT")).isTrue();
        assertThat(visible(grid, "NEXT_BACKUP")).isTrue();
        assertThat(visible(grid, "NAME")).isTrue();

        ContextMenu menu = $(ColumnChooser.class).id("servers-choose-columns").menu();
        assertThat(item(menu, "Operating system").isChecked()).isFalse();
        assertThat(item(menu, "Vault").isChecked()).isTrue();
        click(item(menu, "Operating system"));
        assertThat(visible(grid, "OS")).isTrue();
        click(item(menu, "Vault"));
        assertThat(visible(grid, "VAULT")).isFalse();

        navigate(RegisteredServersView.class);
        Grid<?> again = $(Grid.class).id("servers-grid");
        assertThat(visible(again, "OS")).as("kept for the session").isTrue();
        assertThat(visible(again, "VAULT")).isFalse();
        assertThat(visible(again, "SINCE")).isFalse();
    }

    private static MenuItem item(ContextMenu menu, String label) {
        return menu.getItems().stream().filter(i -> i.getText().equals(label)).findFirst().orElseThrow();
    }

    /** A click as the browser sends it (the menu is attached only once opened in a browser). */
    private static void click(MenuItem item) {
        ComponentUtil.fireEvent(item, new ClickEvent<>(item, true, 0, 0, 0, 0, 1, 0, false, false, false, false));
    }

    private static boolean visible(Grid<?> grid, String key) {
        return grid.getColumnByKey(key).isVisible();
    }
}
