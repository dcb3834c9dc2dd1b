package io.vaultfleet.console.ui;

import java.util.List;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.ParentLayout;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletResponse;

/**
 * An address with no page behind it, inside the console's layout and in its words, instead of Vaadin's bare
 * "Could not navigate to …": says what was asked for and where to start instead.
 */
@ParentLayout(MainLayout.class)
@PermitAll
public class PageNotFoundView extends Div implements HasErrorParameter<NotFoundException>, HasBreadcrumbs {
    public PageNotFoundView() {
        addClassNames("view", "page-not-found-view");
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        removeAll();
        String path = event.getLocation().getPath();
        add(new ViewHeader("Page not found", "There is no page at '/" + path + "'."));
        Paragraph hint = new Paragraph("The address may be mistyped, or the page may need to be opened from a vault, "
                + "a server or a policy. Start from one of these:");
        hint.setId("page-not-found-hint");
        Div links = new Div(new Anchor("vaults", "Recovery Services vaults"), new Anchor("servers", "Registered servers"),
                new Anchor("jobs", "Backup jobs"));
        links.addClassName("page-not-found-links");
        Div panel = new Div(hint, links);
        panel.addClassName("empty-state");
        panel.setId("page-not-found");
        add(panel);
        return HttpServletResponse.SC_NOT_FOUND;
    }

    @Override
    public List<Crumb> breadcrumbs() {
        return List.of(Crumb.here("Page not found"));
    }
}
