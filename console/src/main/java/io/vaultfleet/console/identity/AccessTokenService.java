package io.vaultfleet.console.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.vaultfleet.console.platform.InvalidInputException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Access tokens for the REST API. A signed-in user makes them for themselves (in My account, never with a token):
 * a name, an expiry at most a year away, a role no wider than one they hold, optionally one vault. The secret is 256
 * random bits, shown once; only its SHA-256 is stored, so a stolen database reveals no usable token.
 */
@Service
public class AccessTokenService {
    /** The prefix of every secret, so a leaked one is recognisable (e.g. by secret scanners). */
    public static final String PREFIX = "vft_";
    public static final int MAX_NAME_LENGTH = 64;
    public static final int MAX_DAYS = 366;

    private final AccessTokenRepository tokens;
    private final UserRepository users;
    private final AccessControl access;
    private final AuditLog audit;
    private final Clock clock;
    private final SecurityContextHolderStrategy security;
    private final ScopeCatalog scopes;
    private final SecureRandom random = new SecureRandom();

    AccessTokenService(AccessTokenRepository tokens, UserRepository users, AccessControl access, AuditLog audit,
                       Clock clock, SecurityContextHolderStrategy security, ScopeCatalog scopes) {
        this.scopes = scopes;
        this.tokens = tokens;
        this.users = users;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
        this.security = security;
    }

    /** The last day a token made today may be valid until (a year from today). */
    public LocalDate latestExpiry() {
        return today().plusYears(1);
    }

    /** Makes a token for the signed-in user; its secret is in the answer and nowhere else. */
    @PreAuthorize("isAuthenticated()")
    @Transactional
    public AccessToken.Issued create(String name, Role role, UUID vaultId, LocalDate expires) {
        if (security.getContext().getAuthentication() instanceof ApiTokenAuthentication) {
            throw new AccessDeniedException("An access token cannot make access tokens: sign in to the console.");
        }
        var user = currentUser();
        Map<String, String> problems = new LinkedHashMap<>();
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()) {
            problems.put("name", "Enter a name for the token, e.g. the script that will use it.");
        } else if (trimmed.length() > MAX_NAME_LENGTH) {
            problems.put("name", "A token name has at most " + MAX_NAME_LENGTH + " characters.");
        } else if (trimmed.chars().anyMatch(Character::isISOControl)) {
            problems.put("name", "A token name cannot contain control characters.");
        } else if (tokens.forUser(user.id()).stream().anyMatch(t -> t.activeAt(clock.instant())
                && t.name().equalsIgnoreCase(trimmed))) {
            problems.put("name", "You already have an active token named '" + trimmed + "'.");
        }
        if (expires == null) {
            problems.put("expires", "Choose the day the token expires (at most a year from today).");
        } else if (!expires.isAfter(today())) {
            problems.put("expires", "The expiry must be after today.");
        } else if (expires.isAfter(latestExpiry())) {
            problems.put("expires", "A token is valid for at most a year: choose " + latestExpiry() + " or earlier.");
        }
        var visibility = access.visibility();
        if (role == null) {
            problems.put("role", "Choose the token's role.");
        } else if (vaultId != null) {
            var path = access.vaultPath(vaultId);
            if (path.isEmpty()) {
                problems.put("vaultId", "There is no such vault.");
            } else if (visibility.roleAt(path.get()).filter(r -> r.includes(role)).isEmpty()) {
                problems.put("role", "You do not hold the " + role.label() + " role at this vault: a token's role "
                        + "cannot be wider than your own.");
            }
        } else if (visibility.assignments().stream().map(RoleAssignment::role).noneMatch(r -> r.includes(role))) {
            problems.put("role", "You do not hold the " + role.label() + " role anywhere: a token's role cannot be "
                    + "wider than your own.");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        byte[] secretBytes = new byte[32];
        random.nextBytes(secretBytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        Instant now = clock.instant();
        // valid through the chosen day (UTC), like the portal's "expires on"
        Instant expiresAt = expires.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        AccessToken token = new AccessToken(UUID.randomUUID(), trimmed, role, vaultId, now, expiresAt, null, null);
        tokens.insert(token, user.id(), hash(secret));
        audit.record("token.create", "token:" + token.id(), AuditLog.Outcome.SUCCESS, "'" + trimmed + "' "
                + role.name() + (vaultId == null ? "" : " vault:" + vaultId) + " until " + expires);
        return new AccessToken.Issued(token, secret);
    }

    /** The vaults a token of the signed-in user may be limited to (those where they hold a role), by name. */
    @PreAuthorize("isAuthenticated()")
    public List<ScopeChoice> vaultChoices() {
        var visibility = access.visibility();
        return scopes.all().stream().filter(c -> c.path().vaultId() != null)
                .filter(c -> visibility.roleAt(c.path()).isPresent()).toList();
    }

    /** The signed-in user's tokens, newest first, revoked and expired ones included. */
    @PreAuthorize("isAuthenticated()")
    public List<AccessToken> mine() {
        return tokens.forUser(currentUser().id());
    }

    /** Revokes one of the signed-in user's tokens; it is refused from the next request on. */
    @PreAuthorize("isAuthenticated()")
    @Transactional
    public void revoke(UUID tokenId) {
        var user = currentUser();
        if (!tokens.revoke(tokenId, user.id(), clock.instant())) {
            throw new InvalidInputException("token", "You have no active token with this id.");
        }
        audit.record("token.revoke", "token:" + tokenId, AuditLog.Outcome.SUCCESS, null);
    }

    /**
     * The authentication for a presented secret, or why it is refused. Marks the token used. For the API's filter.
     */
    @Transactional
    Result authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return new Refused("The bearer token is not a VaultFleet access token.");
        }
        Optional<AccessTokenRepository.Stored> found = tokens.findBySecretHash(hash(secret));
        if (found.isEmpty()) {
            return new Refused("Unknown access token.");
        }
        var stored = found.get();
        AccessToken token = stored.token();
        Instant now = clock.instant();
        if (token.revokedAt() != null) {
            return new Refused("The access token '" + token.name() + "' was revoked.");
        }
        if (!now.isBefore(token.expiresAt())) {
            return new Refused("The access token '" + token.name() + "' expired on " + token.expiresAt() + ".");
        }
        var user = users.findByUsername(stored.username()).filter(u -> u.user().enabled());
        if (user.isEmpty()) {
            return new Refused("The access token's user is disabled.");
        }
        tokens.used(token.id(), now);
        return new Accepted(new ApiTokenAuthentication(stored.username(), token, user.get().user().globalRole()));
    }

    sealed interface Result permits Accepted, Refused {
    }

    record Accepted(ApiTokenAuthentication authentication) implements Result {
    }

    record Refused(String reason) implements Result {
    }

    private ConsoleUser currentUser() {
        String name = security.getContext().getAuthentication() == null ? null
                : security.getContext().getAuthentication().getName();
        return users.findByUsername(name == null ? "" : name)
                .orElseThrow(() -> new AccessDeniedException("Only console users have access tokens."))
                .user();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
