package io.vaultfleet.console.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.textfield.TextField;
import io.vaultfleet.console.ConsoleTest;
import org.junit.jupiter.api.Test;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * Storage locations per role, browserless: a Contributor (or Reader) reads the locations without Add or Edit (they
 * are the console Owner's); an Owner's empty form is told each problem once, at its field, in plain words.
 */
@ConsoleTest
class StorageLocationsViewTest extends SpringBrowserlessTest {

    @Test
    @WithMockUser(username = "storage-view-contributor", authorities = {"ROLE_CONTRIBUTOR", "ROLE_OPERATOR", "ROLE_READER"})
    void aContributorReadsTheLocationsButChangesNone() {
        navigate(StorageLocationsView.class);
        @SuppressWarnings("unchecked")
        Grid<StorageLocation> grid = $(Grid.class).id("storage-grid");
        assertThat(test(grid).size()).as("the default folder location at least").isPositive();
        assertThat($(Button.class).withId("add-storage-button").exists()).isFalse();
        assertThat(grid.getColumns()).as("no Edit column").hasSize(6);
    }

    @Test
    @WithMockUser(username = "storage-view-owner", authorities = {"ROLE_OWNER", "ROLE_CONTRIBUTOR", "ROLE_OPERATOR",
            "ROLE_READER"})
    void anOwnersEmptyFormShowsEachProblemAtItsField() {
        navigate(StorageLocationsView.class);
        test($(Button.class).id("add-storage-button")).click();
        test($(Button.class).id("storage-save")).click();
        TextField name = $(TextField.class).id("storage-name");
        TextField display = $(TextField.class).id("storage-display-name");
        TextField folder = $(TextField.class).id("storage-folder");
        assertThat(name.getErrorMessage()).isEqualTo("Enter a location name, e.g. westeurope.");
        assertThat(display.getErrorMessage()).isEqualTo("Enter a display name, e.g. West Europe.");
        assertThat(folder.getErrorMessage()).isEqualTo("Enter the folder path the agents write to.");
        assertThat($(TextField.class).withId("storage-account-url").exists()).as("hidden for a folder").isFalse();
    }
}
