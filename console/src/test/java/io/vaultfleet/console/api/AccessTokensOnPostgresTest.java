package io.vaultfleet.console.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultfleet.console.ConsoleApplication;
import io.vaultfleet.console.TestSecurity;
import io.vaultfleet.console.identity.AccessToken;
import io.vaultfleet.console.identity.AccessTokenService;
import io.vaultfleet.console.identity.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Access tokens (migration V440 and their queries) on a real PostgreSQL server, used over HTTP. */
@SpringBootTest(classes = ConsoleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "postgres"})
class AccessTokensOnPostgresTest {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        io.vaultfleet.console.TestPostgres.use(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    ApiUsers users;

    @Autowired
    AccessTokenService tokens;

    @Autowired
    SecurityContextHolderStrategy security;

    @Test
    void aTokenIsStoredUsedListedAndRevoked() {
        String user = users.global("pg-token", Role.OPERATOR);
        AccessToken.Issued issued = TestSecurity.runAs(security, user, Role.OPERATOR,
                () -> tokens.create("pg script", Role.READER, null, users.today().plusDays(7)));
        ApiClient api = new ApiClient(port, issued.secret());
        assertThat(api.get("/api/v1/vaults").status()).isEqualTo(200);
        assertThat(TestSecurity.runAs(security, user, Role.OPERATOR, tokens::mine)).singleElement().satisfies(t -> {
            assertThat(t.lastUsedAt()).isNotNull();
            assertThat(t.role()).isEqualTo(Role.READER);
        });
        TestSecurity.runAs(security, user, Role.OPERATOR, () -> {
            tokens.revoke(issued.token().id());
            return null;
        });
        assertThat(api.get("/api/v1/vaults").status()).isEqualTo(401);
    }
}
