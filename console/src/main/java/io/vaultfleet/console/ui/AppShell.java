package io.vaultfleet.console.ui;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.lumo.Lumo;
import org.springframework.stereotype.Component;

/**
 * The page every view lives in: server push on (live fleet, jobs and alerts), Lumo plus the console's own
 * stylesheet, which comes from the top-level {@code frontend/styles} folder.
 */
@Push
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet("styles/console.css")
@Component
public class AppShell implements AppShellConfigurator {
    @Override
    public void configurePage(AppShellSettings settings) {
        settings.setPageTitle("VaultFleet");
        settings.addFavIcon("icon", "icons/vaultfleet.svg", "any");
    }
}
