package io.vaultfleet.console.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import io.vaultfleet.console.ui.Audience;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.stereotype.Component;

/**
 * Gives every browser tab (UI) the {@link Audience} of the user signed in when it opened, so live events and the
 * notification bell reach a user only about vaults they may read (Reader or above at the vault, its resource group,
 * its subscription, or console-wide); console-wide events reach only console-wide roles.
 * <p>
 * Events are published on background threads with no user, so each audience keeps its user's role assignments,
 * re-read after a change on this node ({@link AccessChanges}) or once they are {@link #MAX_AGE} old (a change made
 * on another node), and the vaults' places in the hierarchy (a vault never moves).
 */
@Component
class ViewerAudiences implements VaadinServiceInitListener {
    static final Duration MAX_AGE = Duration.ofSeconds(15);
    private static final int MAX_CACHED_VAULTS = 100_000;

    private final AccessControl access;
    private final AccessChanges changes;
    private final SecurityContextHolderStrategy security;
    private final Clock clock;
    private final Map<UUID, Optional<ScopePath>> vaultPaths = new ConcurrentHashMap<>();

    ViewerAudiences(AccessControl access, AccessChanges changes, SecurityContextHolderStrategy security, Clock clock) {
        this.access = access;
        this.changes = changes;
        this.security = security;
        this.clock = clock;
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addUIInitListener(e -> Audience.set(e.getUI(), forSignedInUser()));
    }

    /** The audience of the user of the current request; nobody when no one is signed in. */
    Audience forSignedInUser() {
        Authentication auth = security.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken || auth.getName() == null) {
            return Audience.NOBODY;
        }
        return forUser(auth.getName());
    }

    /** The audience of {@code username}, whatever thread asks. */
    Audience forUser(String username) {
        return new UserAudience(username);
    }

    private Optional<ScopePath> pathOf(UUID vaultId) {
        Optional<ScopePath> known = vaultPaths.get(vaultId);
        if (known != null) {
            return known;
        }
        Optional<ScopePath> path = access.vaultPath(vaultId);
        if (path.isPresent()) {
            // an unknown vault is not cached: it may be created in a moment
            if (vaultPaths.size() >= MAX_CACHED_VAULTS) {
                vaultPaths.clear();
            }
            vaultPaths.put(vaultId, path);
        }
        return path;
    }

    /** One user's view of events, with their assignments cached as described above. */
    private final class UserAudience implements Audience {
        private final String username;
        private volatile Snapshot snapshot;

        private record Snapshot(AccessControl.Visibility visibility, long generation, Instant readAt) {
        }

        UserAudience(String username) {
            this.username = username;
        }

        @Override
        public boolean maySee(UUID vaultId) {
            AccessControl.Visibility visibility = current();
            if (visibility.globalRole().isPresent()) {
                return true;
            }
            if (vaultId == null) {
                return false;
            }
            return pathOf(vaultId).flatMap(visibility::roleAt).isPresent();
        }

        private AccessControl.Visibility current() {
            Snapshot s = snapshot;
            Instant now = clock.instant();
            long generation = changes.generation();
            if (s == null || s.generation() != generation || !now.isBefore(s.readAt().plus(MAX_AGE))) {
                s = new Snapshot(access.visibilityOf(username), generation, now);
                snapshot = s;
            }
            return s.visibility();
        }

        @Override
        public String toString() {
            return "audience of " + username;
        }
    }
}
