package io.vaultfleet.console.settings;

import java.util.List;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.vaultfleet.console.platform.DataFolder;
import io.vaultfleet.console.ui.Crumb;
import io.vaultfleet.console.ui.HasBreadcrumbs;
import io.vaultfleet.console.ui.PropertyRow;
import io.vaultfleet.console.ui.ViewHeader;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;

/** Settings: what this console is and where it keeps its data, and the pages that configure it. */
@Route("settings")
@PageTitle("Settings")
@Menu(title = "Settings", order = 9, icon = "vaadin:cog")
@RolesAllowed("READER")
public class SettingsView extends Div implements HasBreadcrumbs {
    public SettingsView(DataFolder dataFolder, ObjectProvider<BuildProperties> build) {
        addClassNames("view", "settings-view");
        add(new ViewHeader("Settings", "How this console is set up."));

        Div sections = new Div();
        sections.addClassName("settings-sections");
        sections.add(section("Users and roles", "Who may sign in, and what each person may do.", "settings/users",
                "settings-users-link"));
        sections.add(section("Storage locations",
                "Where vaults keep their backups: folders or Azure Blob accounts, and their paired locations.",
                "settings/storage", "settings-storage-link"));
        add(sections);

        BuildProperties info = build.getIfAvailable();
        Div about = new Div(new H3("About this console"),
                property("Version", info == null ? "development build" : info.getVersion()),
                property("Data folder", dataFolder.root().toString()),
                property("Agent endpoint", "/agent/ws"));
        about.addClassName("settings-about");
        add(about);
    }

    private static Div section(String title, String description, String route, String id) {
        Anchor link = new Anchor(route, title);
        link.setId(id);
        Div card = new Div(new H3(link), new Paragraph(description));
        card.addClassName("settings-card");
        return card;
    }

    private static Div property(String name, String value) {
        return PropertyRow.of(name, value);
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(Crumb.here("Settings"));
    }
}
