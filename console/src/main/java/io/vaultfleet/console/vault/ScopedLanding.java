package io.vaultfleet.console.vault;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.AuditLog;
import org.springframework.stereotype.Component;

/**
 * Users who hold roles only at subscriptions, resource groups or vaults may not open the console-wide dashboard;
 * their home page is the vault list instead of an access-denied error.
 */
@Component
class ScopedLanding implements VaadinServiceInitListener {
    private final AccessControl access;

    ScopedLanding(AccessControl access) {
        this.access = access;
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addUIInitListener(ui -> ui.getUI().addBeforeEnterListener(this::beforeEnter));
    }

    private void beforeEnter(BeforeEnterEvent event) {
        if (!event.getLocation().getPath().isEmpty() || "system".equals(AuditLog.currentActor())) {
            return;
        }
        if (access.visibility().globalRole().isEmpty()) {
            event.forwardTo(VaultsView.class);
        }
    }
}
