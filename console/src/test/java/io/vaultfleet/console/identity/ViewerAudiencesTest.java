package io.vaultfleet.console.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestSecurity;
import io.vaultfleet.console.TestVaults;
import io.vaultfleet.console.ui.Audience;
import io.vaultfleet.console.vault.Vault;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Who gets a live event or a notice about a vault: the audience each browser tab is given from its signed-in user.
 * A Reader of vault A sees A's events only; console-wide events reach console-wide roles only; a grant or revoke
 * counts at once.
 */
@ConsoleTest
class ViewerAudiencesTest {
    private static final String PASSWORD = "Audience-password-1";
    @Autowired ViewerAudiences audiences;
    @Autowired AccessControl access;
    @Autowired UserAccountService users;
    @Autowired TestVaults testVaults;
    @Autowired SecurityContextHolderStrategy security;

    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    private String readerOf(Vault vault) {
        String name = "watcher-" + tag;
        admin(() -> {
            users.createUser(name, name, PASSWORD, Role.READER);
            access.removeGlobalRole(name);
            return access.grant(name, Role.READER, vault.path());
        });
        return name;
    }

    @Test
    void aReaderOfOneVaultHearsOnlyAboutThatVault() {
        Vault a = testVaults.create("aud-a");
        Vault b = testVaults.create("aud-b");
        Audience watcher = audiences.forUser(readerOf(a));

        assertThat(watcher.maySee(a.id())).isTrue();
        assertThat(watcher.maySee(b.id())).as("vault B's failed backups and alerts").isFalse();
        assertThat(watcher.maySee(null)).as("console-wide events").isFalse();
        assertThat(watcher.maySee(UUID.randomUUID())).as("a vault that does not exist").isFalse();
    }

    @Test
    void aConsoleWideReaderHearsAboutEverything() {
        Vault b = testVaults.create("aud-all");
        String name = "console-reader-" + tag;
        admin(() -> users.createUser(name, name, PASSWORD, Role.READER));
        Audience reader = audiences.forUser(name);
        assertThat(reader.maySee(b.id())).isTrue();
        assertThat(reader.maySee(null)).isTrue();
    }

    @Test
    void aRevokeOrAGrantCountsAtOnceForOpenTabs() {
        Vault a = testVaults.create("aud-rev");
        Vault b = testVaults.create("aud-grant");
        String name = readerOf(a);
        Audience watcher = audiences.forUser(name);
        assertThat(watcher.maySee(a.id())).isTrue();

        RoleAssignment held = admin(() -> access.assignmentsAt(a.path())).stream()
                .filter(x -> x.username().equals(name)).findFirst().orElseThrow();
        admin(() -> {
            access.revoke(held.id(), a.path());
            return access.grant(name, Role.READER, b.path());
        });
        assertThat(watcher.maySee(a.id())).isFalse();
        assertThat(watcher.maySee(b.id())).isTrue();
    }

    @Test
    void aTabOpenedWithoutASignedInUserHearsNothing() {
        Vault a = testVaults.create("aud-anon");
        assertThat(audiences.forSignedInUser().maySee(a.id())).isFalse();
        assertThat(audiences.forSignedInUser().maySee(null)).isFalse();
    }

    private <T> T admin(java.util.function.Supplier<T> action) {
        return TestSecurity.runAs(security, "admin", Role.OWNER, action);
    }
}
