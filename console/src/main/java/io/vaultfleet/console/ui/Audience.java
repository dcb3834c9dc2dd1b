package io.vaultfleet.console.ui;

import java.util.UUID;

import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;

/**
 * Who is looking at a browser tab, as far as live events care: whether they may see something about a vault. Set on
 * each UI when it starts (by identity, which knows the signed-in user's roles); {@link LiveUpdates} and the
 * notification bell deliver only what the UI's audience may see. A UI without one sees nothing: a tab whose user
 * is unknown gets no events rather than everyone's.
 */
@FunctionalInterface
public interface Audience {
    Audience NOBODY = vaultId -> false;

    /**
     * Whether the user may see an event about the vault {@code vaultId}; {@code null} means the event concerns no
     * single vault (console-wide), which only users with a console-wide role may see.
     */
    boolean maySee(UUID vaultId);

    static Audience of(UI ui) {
        Audience audience = ui == null ? null : ComponentUtil.getData(ui, Audience.class);
        return audience == null ? NOBODY : audience;
    }

    static void set(UI ui, Audience audience) {
        ComponentUtil.setData(ui, Audience.class, audience);
    }
}
