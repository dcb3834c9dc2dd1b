package io.vaultfleet.console.identity;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Managing console users. Only owners manage others; everyone may change their own password. */
@Service
public class UserAccountService {
    private final UserRepository users;
    private final PasswordEncoder passwordEncoder;
    private final AuditLog audit;
    private final FirstAdmin firstAdmin;
    private final AccessChanges accessChanges;

    UserAccountService(UserRepository users, PasswordEncoder passwordEncoder, AuditLog audit, FirstAdmin firstAdmin,
                       AccessChanges accessChanges) {
        this.accessChanges = accessChanges;
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.audit = audit;
        this.firstAdmin = firstAdmin;
    }

    /** The form field a refusal concerns, so a form can show the message at that field. */
    public enum Field { USER_NAME, PASSWORD, CURRENT_PASSWORD, ROLE, NONE }

    /**
     * A request the rules refused; the message is fit to show to the user. {@link #problems()} splits it by the field
     * each part concerns (a short password is told at the password, not at the user name).
     */
    public static final class AccountException extends RuntimeException {
        private final transient Map<Field, String> problems;

        public AccountException(String message) {
            this(Map.of(Field.NONE, message));
        }

        public AccountException(Field field, String message) {
            this(Map.of(field, message));
        }

        private AccountException(Map<Field, String> problems) {
            super(String.join(" ", problems.values()));
            this.problems = problems;
        }

        /** The problems by field, in form order, at least one. */
        public Map<Field, String> problems() {
            return problems;
        }

        static AccountException of(Map<Field, List<String>> byField) {
            Map<Field, String> joined = new EnumMap<>(Field.class);
            byField.forEach((field, list) -> {
                if (!list.isEmpty()) {
                    joined.put(field, String.join(" ", list));
                }
            });
            return new AccountException(joined);
        }
    }

    @PreAuthorize("hasRole('READER')")
    public List<ConsoleUser> listUsers() {
        return users.findAll();
    }

    @PreAuthorize("hasRole('OWNER')")
    @Transactional
    public ConsoleUser createUser(String username, String displayName, String password, Role role) {
        Map<Field, List<String>> problems = new EnumMap<>(Field.class);
        problems.put(Field.USER_NAME, Credentials.usernameProblems(username));
        problems.put(Field.PASSWORD, Credentials.passwordProblems(password, username));
        problems.put(Field.ROLE, role == null ? List.of("Role is required.") : List.of());
        if (problems.values().stream().anyMatch(list -> !list.isEmpty())) {
            throw AccountException.of(problems);
        }
        if (users.findByUsername(username).isPresent()) {
            throw new AccountException(Field.USER_NAME, "A user named '" + username.trim() + "' already exists.");
        }
        String name = displayName == null || displayName.isBlank() ? username.trim() : displayName.trim();
        ConsoleUser created = users.insert(username.trim(), name, passwordEncoder.encode(password), role);
        audit.record("user.create", "user:" + created.username(), AuditLog.Outcome.SUCCESS, "role " + role.name());
        return created;
    }

    @PreAuthorize("hasRole('OWNER')")
    @Transactional
    public void setRole(UUID userId, Role role) {
        ConsoleUser user = find(userId);
        if (user.globalRole() == Role.OWNER && role != Role.OWNER && users.countEnabledOwners() <= 1) {
            throw new AccountException("The last owner cannot lose the owner role.");
        }
        users.setGlobalRole(userId, role);
        accessChanges.changed();
        audit.record("user.role", "user:" + user.username(), AuditLog.Outcome.SUCCESS,
                user.globalRole() + " -> " + role);
    }

    @PreAuthorize("hasRole('OWNER')")
    @Transactional
    public void setEnabled(UUID userId, boolean enabled) {
        ConsoleUser user = find(userId);
        if (!enabled && user.username().equalsIgnoreCase(AuditLog.currentActor())) {
            throw new AccountException("You cannot disable your own account.");
        }
        if (!enabled && user.globalRole() == Role.OWNER && users.countEnabledOwners() <= 1) {
            throw new AccountException("The last owner cannot be disabled.");
        }
        users.setEnabled(userId, enabled);
        accessChanges.changed();
        audit.record(enabled ? "user.enable" : "user.disable", "user:" + user.username(), AuditLog.Outcome.SUCCESS,
                null);
    }

    @PreAuthorize("hasRole('OWNER')")
    @Transactional
    public void resetPassword(UUID userId, String newPassword) {
        ConsoleUser user = find(userId);
        List<String> problems = Credentials.passwordProblems(newPassword, user.username());
        if (!problems.isEmpty()) {
            throw new AccountException(Field.PASSWORD, String.join(" ", problems));
        }
        users.updatePassword(userId, passwordEncoder.encode(newPassword));
        audit.record("user.password-reset", "user:" + user.username(), AuditLog.Outcome.SUCCESS, null);
    }

    /** Changes the signed-in user's own password after checking the current one. */
    @PreAuthorize("isAuthenticated()")
    @Transactional
    public void changeOwnPassword(String currentPassword, String newPassword) {
        String username = AuditLog.currentActor();
        UserRepository.StoredUser stored = users.findByUsername(username)
                .orElseThrow(() -> new AccountException("Your account no longer exists."));
        if (currentPassword == null || !passwordEncoder.matches(currentPassword, stored.passwordHash())) {
            audit.record("user.password-change", "user:" + username, AuditLog.Outcome.DENIED, "wrong current password");
            throw new AccountException(Field.CURRENT_PASSWORD, "The current password is not correct.");
        }
        List<String> problems = Credentials.passwordProblems(newPassword, username);
        if (!problems.isEmpty()) {
            throw new AccountException(Field.PASSWORD, String.join(" ", problems));
        }
        users.updatePassword(stored.user().id(), passwordEncoder.encode(newPassword));
        if (FirstAdmin.USERNAME.equalsIgnoreCase(username)) {
            firstAdmin.forgetInitialPassword();
        }
        audit.record("user.password-change", "user:" + username, AuditLog.Outcome.SUCCESS, null);
    }

    private ConsoleUser find(UUID userId) {
        return users.findAll().stream().filter(u -> u.id().equals(userId)).findFirst()
                .orElseThrow(() -> new AccountException("No such user."));
    }
}
