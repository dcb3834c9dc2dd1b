package io.vaultfleet.console.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.textfield.TextField;
import io.vaultfleet.console.ConsoleTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;

/** My account › Access tokens, browserless: a token is made and its secret shown once, refused input says why, revoke. */
@ConsoleTest
class AccountViewTokensTest extends SpringBrowserlessTest {
    @Autowired
    JdbcClient jdbc;

    @Test
    @WithMockUser(username = "admin", authorities = {"ROLE_OWNER", "ROLE_CONTRIBUTOR", "ROLE_OPERATOR", "ROLE_READER"})
    void aTokenIsMadeShownOnceListedAndRevoked() {
        navigate(AccountView.class);
        String name = "view-token-" + UUID.randomUUID().toString().substring(0, 6);
        test($(TextField.class).id("token-name")).setValue(name);
        test($(Button.class).id("create-token-button")).click();

        String secret = $(TextField.class).id("token-secret-value").getValue();
        assertThat(secret).startsWith(AccessTokenService.PREFIX);
        assertThat(jdbc.sql("select count(*) from access_token where secret_hash = :h")
                .param("h", AccessTokenService.hash(secret)).query(Long.class).single()).isEqualTo(1);
        @SuppressWarnings("unchecked")
        Grid<AccessToken> grid = $(Grid.class).id("token-grid");
        int row = -1;
        for (int i = 0; i < test(grid).size(); i++) {
            if (test(grid).getRow(i).name().equals(name)) {
                row = i;
            }
        }
        assertThat(row).as("the new token is listed").isNotNegative();
        assertThat(test(grid).getCellText(row, 1)).isEqualTo(Role.READER.label());

        navigate(AccountView.class);
        assertThat($(TextField.class).all()).as("the secret is not shown again")
                .noneMatch(f -> secret.equals(f.getValue()));

        @SuppressWarnings("unchecked")
        Grid<AccessToken> again = $(Grid.class).id("token-grid");
        for (int i = 0; i < test(again).size(); i++) {
            if (test(again).getRow(i).name().equals(name)) {
                test((Button) test(again).getCellComponent(i, 5)).click();
            }
        }
        assertThat(jdbc.sql("select revoked_at is not null from access_token where secret_hash = :h")
                .param("h", AccessTokenService.hash(secret)).query(Boolean.class).single()).isTrue();
    }

    @Test
    @WithMockUser(username = "admin", authorities = {"ROLE_OWNER", "ROLE_CONTRIBUTOR", "ROLE_OPERATOR", "ROLE_READER"})
    void aTokenWithoutANameIsRefusedBesideTheField() {
        navigate(AccountView.class);
        test($(Button.class).id("create-token-button")).click();
        TextField name = $(TextField.class).id("token-name");
        assertThat(name.isInvalid()).isTrue();
        assertThat(name.getErrorMessage()).isEqualTo("Enter a name for the token, e.g. the script that will use it.");
        assertThat($(TextField.class).all()).noneMatch(f -> "token-secret-value".equals(f.getId().orElse("")));
    }
}
