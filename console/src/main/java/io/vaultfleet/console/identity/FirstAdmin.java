package io.vaultfleet.console.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

import io.vaultfleet.console.platform.DataFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * On the first start (no user exists) creates the owner account {@code admin}. Its password is taken from
 * {@code VAULTFLEET_ADMIN_PASSWORD} when set; otherwise a random one is printed once to the log and written to
 * {@code initial-admin-password.txt} in the data folder, readable only by the console's user. That file is deleted
 * when the admin changes the password.
 */
@Component
@Order(0)
class FirstAdmin implements ApplicationRunner {
    static final String USERNAME = "admin";
    static final String PASSWORD_FILE = "initial-admin-password.txt";
    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final DataFolder dataFolder;
    private final AuditLog audit;
    private final String configuredPassword;

    FirstAdmin(UserRepository users, PasswordEncoder encoder, DataFolder dataFolder, AuditLog audit,
               @Value("${VAULTFLEET_ADMIN_PASSWORD:}") String configuredPassword) {
        this.users = users;
        this.encoder = encoder;
        this.dataFolder = dataFolder;
        this.audit = audit;
        this.configuredPassword = configuredPassword;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (users.count() > 0) {
            return;
        }
        boolean generated = configuredPassword.isBlank();
        String password = generated ? randomPassword() : configuredPassword;
        List<String> problems = Credentials.passwordProblems(password, USERNAME);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("VAULTFLEET_ADMIN_PASSWORD is not acceptable: " + String.join(" ", problems));
        }
        users.insert(USERNAME, "Administrator", encoder.encode(password), Role.OWNER);
        audit.recordAs("system", "user.create", "user:" + USERNAME, AuditLog.Outcome.SUCCESS, "first start, role OWNER");
        if (generated) {
            Path file = dataFolder.writeOwnerOnly(PASSWORD_FILE,
                    (password + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
            // one log call per line: the console's log escapes line breaks inside a message (nothing a caller sends
            // may forge a line), so a multi-line block would arrive as one line full of \n
            String rule = "=".repeat(76);
            log.warn(rule);
            log.warn("First start: created console user '{}' with this password (shown once): {}", USERNAME, password);
            log.warn("It is also in {} (readable only by this user).", file);
            log.warn("Sign in and change it (user menu > Change password); the file is then deleted.");
            log.warn(rule);
        } else {
            log.info("First start: created console user '{}' with the password from VAULTFLEET_ADMIN_PASSWORD", USERNAME);
        }
    }

    /** Called when a user changes their password: the printed initial password is no longer valid. */
    void forgetInitialPassword() {
        try {
            Files.deleteIfExists(dataFolder.resolve(PASSWORD_FILE));
        } catch (IOException e) {
            log.warn("could not delete {}: {}", PASSWORD_FILE, e.getMessage());
        }
    }

    static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            if (i > 0 && i % 5 == 0) {
                sb.append('-');
            }
            sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }
}
