package io.vaultfleet.console.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.textfield.TextField;
import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.ScopedUsers;
import io.vaultfleet.console.TestSecurity;
import io.vaultfleet.console.identity.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * Subscriptions per role, browserless: only a console Owner adds subscriptions; a Contributor of a subscription adds
 * resource groups in it, a Reader of it does not; a bad name is told once, at the name, in plain words.
 */
@ConsoleTest
class SubscriptionsViewTest extends SpringBrowserlessTest {
    private static final String READER = "subscriptions-view-reader";
    private static final String CONTRIBUTOR = "subscriptions-view-contributor";
    private static Subscription subscription;

    @Autowired SubscriptionService subscriptions;
    @Autowired ScopedUsers scoped;
    @Autowired SecurityContextHolderStrategy security;

    @BeforeEach
    void aSubscriptionWithAReaderAndAContributor() {
        if (subscription != null) {
            return;
        }
        subscription = TestSecurity.runAs(security, Role.OWNER, () -> subscriptions.createSubscription(
                "Sub view " + UUID.randomUUID().toString().substring(0, 8)));
        scoped.grant(READER, Role.READER, subscription.path());
        scoped.grant(CONTRIBUTOR, Role.CONTRIBUTOR, subscription.path());
    }

    @Test
    @WithMockUser(username = READER, authorities = "SCOPED")
    void aReaderOfTheSubscriptionAddsNothing() {
        navigate(SubscriptionsView.class);
        assertThat($(Button.class).withId("add-subscription-button").exists()).isFalse();
        select();
        assertThat($(Grid.class).id("resource-groups-grid").isVisible()).isTrue();
        assertThat($(Button.class).withId("add-resource-group-button").exists()).isFalse();
    }

    @Test
    @WithMockUser(username = CONTRIBUTOR, authorities = "SCOPED")
    void aContributorOfTheSubscriptionAddsResourceGroupsButNoSubscription() {
        navigate(SubscriptionsView.class);
        assertThat($(Button.class).withId("add-subscription-button").exists()).isFalse();
        select();
        test($(Button.class).id("add-resource-group-button")).click();
        test($(Button.class).id("create-resource-group-button")).click();
        TextField name = $(TextField.class).id("new-resource-group-name");
        assertThat(name.isInvalid()).isTrue();
        assertThat(name.getErrorMessage()).isNotBlank().doesNotContain("_").doesNotContainPattern("[A-Z]{3,}");
    }

    @Test
    @WithMockUser(username = "subscriptions-view-owner", authorities = {"ROLE_OWNER", "ROLE_CONTRIBUTOR",
            "ROLE_OPERATOR", "ROLE_READER"})
    void anOwnerAddsASubscriptionAndATakenNameIsToldAtTheName() {
        navigate(SubscriptionsView.class);
        test($(Button.class).id("add-subscription-button")).click();
        test($(TextField.class).id("new-subscription-name")).setValue(subscription.name());
        test($(Button.class).id("create-subscription-button")).click();
        TextField name = $(TextField.class).id("new-subscription-name");
        assertThat(name.isInvalid()).isTrue();
        assertThat(name.getErrorMessage()).isEqualTo("A subscription named '" + subscription.name() + "' already exists.");
    }

    private void select() {
        @SuppressWarnings("unchecked")
        Grid<Subscription> grid = $(Grid.class).id("subscriptions-grid");
        for (int i = 0; i < test(grid).size(); i++) {
            if (test(grid).getRow(i).id().equals(subscription.id())) {
                test((Button) test(grid).getCellComponent(i, 0)).click();
                return;
            }
        }
        throw new AssertionError(subscription.name() + " is not listed");
    }
}
