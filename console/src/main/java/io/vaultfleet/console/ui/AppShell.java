package io.vaultfleet.console.ui;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.component.page.Inline.Position;
import com.vaadin.flow.component.page.Inline.Wrapping;
import com.vaadin.flow.component.page.TargetElement;
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
    static final String ACCESSIBLE_DISABLED_BUTTONS = "window.Vaadin = window.Vaadin || {};"
            + "window.Vaadin.featureFlags = window.Vaadin.featureFlags || {};"
            + "window.Vaadin.featureFlags.accessibleDisabledButtons = true;";

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.setPageTitle("VaultFleet");
        settings.addFavIcon("icon", "icons/vaultfleet.svg", "any");
        // No silent click: a disabled button must take the pointer so its tooltip can say why. Vaadin's build does not
        // carry vaadin-featureflags.properties into the production bundle here (its generated flags say false), so the
        // page sets the flag itself, before the bundle's module script runs and before any button is attached.
        settings.addInlineWithContents(TargetElement.HEAD, Position.PREPEND, ACCESSIBLE_DISABLED_BUTTONS,
                Wrapping.JAVASCRIPT);
    }
}
