package io.vaultfleet.console.ui;

import java.util.ArrayList;
import java.util.List;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.dependency.Uses;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.avatar.Avatar;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Footer;
import com.vaadin.flow.component.html.Header;
import com.vaadin.flow.component.html.Nav;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.PermitAll;

/**
 * The portal-like frame around every signed-in view: side navigation built from the views' {@code @Menu}
 * annotations (only those the user may open), a header with breadcrumbs, notifications and the user menu.
 */
@Layout
@PermitAll
// Components that only sections of other features' pages and their dialogs use (Back Up Now and the notification
// that confirms it, a server's own throttling, undelete): the production bundle loads a route's components with that
// route, and no route refers to those classes, so the layout, present on every page, names them.
@Uses(TextArea.class)
@Uses(DatePicker.class)
@Uses(RadioButtonGroup.class)
@Uses(Dialog.class)
@Uses(ConfirmDialog.class)
@Uses(Checkbox.class)
@Uses(CheckboxGroup.class)
@Uses(IntegerField.class)
@Uses(ComboBox.class)
@Uses(ProgressBar.class)
@Uses(Notification.class)
public class MainLayout extends AppLayout implements AfterNavigationObserver {
    private final AuthenticationContext authentication;
    private final Nav breadcrumbs = new Nav();

    public MainLayout(AuthenticationContext authentication, NoticeBoard notices) {
        this.authentication = authentication;
        setPrimarySection(Section.DRAWER);
        addClassName("main-layout");

        addToDrawer(brand(), navigation(), footer());

        breadcrumbs.addClassName("breadcrumbs");
        breadcrumbs.getElement().setAttribute("aria-label", "Breadcrumb");
        Div spacer = new Div();
        spacer.addClassName("header-spacer");
        HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), breadcrumbs, spacer,
                new NotificationArea(notices), userMenu());
        header.addClassName("console-header");
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        addToNavbar(header);
    }

    private Component brand() {
        Span logo = new Span(VaadinIcon.SAFE.create());
        logo.addClassName("brand-logo");
        Span name = new Span("VaultFleet");
        name.addClassName("brand-name");
        Span tagline = new Span("Backup console");
        tagline.addClassName("brand-tagline");
        Div text = new Div(name, tagline);
        Header brand = new Header(logo, text);
        brand.addClassName("brand");
        return brand;
    }

    private SideNav navigation() {
        SideNav nav = new SideNav();
        nav.addClassName("main-nav");
        for (MenuEntry entry : MenuConfiguration.getMenuEntries()) {
            SideNavItem item = new SideNavItem(entry.title(), entry.path());
            if (entry.icon() != null && !entry.icon().isBlank()) {
                item.setPrefixComponent(new Icon(entry.icon()));
            }
            nav.addItem(item);
        }
        return nav;
    }

    private Component footer() {
        Footer footer = new Footer(new Span("Self-hosted backup for Windows Server and Linux"));
        footer.addClassName("drawer-footer");
        return footer;
    }

    private Component userMenu() {
        String name = authentication.getPrincipalName().orElse("unknown");
        Avatar avatar = new Avatar(name);
        avatar.addClassName("user-avatar");
        MenuBar menu = new MenuBar();
        menu.addThemeVariants(MenuBarVariant.LUMO_TERTIARY_INLINE);
        menu.addClassName("user-menu");
        var root = menu.addItem(new HorizontalLayout(avatar, new Span(name)));
        root.setId("user-menu-button");
        root.getSubMenu().addItem("Change password", e -> getUI().ifPresent(ui -> ui.navigate("account")))
                .setId("change-password-item");
        root.getSubMenu().addItem("Sign out", e -> authentication.logout()).setId("sign-out-item");
        return menu;
    }

    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        breadcrumbs.removeAll();
        List<Crumb> trail = new ArrayList<>();
        trail.add(new Crumb("Home", ""));
        Component content = getContent();
        if (content instanceof HasBreadcrumbs view) {
            trail.addAll(view.breadcrumbs());
        } else {
            trail.add(Crumb.here(currentTitle(event)));
        }
        for (int i = 0; i < trail.size(); i++) {
            Crumb crumb = trail.get(i);
            boolean last = i == trail.size() - 1;
            if (i > 0) {
                Span separator = new Span("›");
                separator.addClassName("crumb-separator");
                breadcrumbs.add(separator);
            }
            if (last || crumb.route() == null) {
                Span current = new Span(crumb.label());
                current.addClassName("crumb-current");
                breadcrumbs.add(current);
            } else {
                Anchor link = new Anchor(crumb.route().isEmpty() ? "." : crumb.route(), crumb.label());
                link.addClassName("crumb-link");
                breadcrumbs.add(link);
            }
        }
    }

    private static String currentTitle(AfterNavigationEvent event) {
        return MenuConfiguration.getPageHeader(event.getLocationChangeEvent().getUI().getCurrentView())
                .orElse("");
    }

}
