package io.vaultfleet.console.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.vaultfleet.console.ConsoleTest;
import io.vaultfleet.console.TestSecurity;
import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.ServerQuery;
import io.vaultfleet.console.identity.AccessControl;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.identity.ScopePath;
import io.vaultfleet.console.identity.UserAccountService;
import io.vaultfleet.console.jobs.BackupJob;
import io.vaultfleet.console.jobs.JobQuery;
import io.vaultfleet.console.jobs.JobService;
import io.vaultfleet.console.monitoring.Alert;
import io.vaultfleet.console.monitoring.AlertQuery;
import io.vaultfleet.console.monitoring.AlertRule;
import io.vaultfleet.console.monitoring.AlertService;
import io.vaultfleet.console.monitoring.AlertState;
import io.vaultfleet.console.monitoring.DashboardService;
import io.vaultfleet.console.policy.BackupPolicy;
import io.vaultfleet.console.policy.PolicyDraft;
import io.vaultfleet.console.policy.PolicyService;
import io.vaultfleet.console.policy.RetentionRules;
import io.vaultfleet.console.storage.StorageLocationService;
import io.vaultfleet.console.subscription.ResourceGroup;
import io.vaultfleet.console.subscription.Subscription;
import io.vaultfleet.console.subscription.SubscriptionService;
import io.vaultfleet.console.vault.CreateVaultRequest;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultService;
import io.vaultfleet.protocol.identity.AgentKeys;
import io.vaultfleet.protocol.policy.BackupSchedule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Every role at every scope kind, against a vault inside and outside that scope, for every action on servers, jobs,
 * alerts, policies and vaults, through the services. A user holding {@code role} at {@code scope} may do an action
 * on vault X exactly when X is within the scope and the role includes the one the action needs; otherwise the
 * service refuses with {@link AccessDeniedException} (actions) or leaves the item out (lists).
 * <p>
 * The vaults: A (resource group rg-a of subscription 1), B (rg-b of subscription 1), C (rg-c of subscription 2).
 * Scoped users hold their role at subscription 1, at rg-a or at vault A; so A is inside every scope, B only inside
 * the subscription, C outside all but the console-wide one.
 */
@ConsoleTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VaultAccessMatrixTest {
    private static final String PASSWORD = "Matrix-user-password-1";

    enum Scope { CONSOLE, SUBSCRIPTION, RESOURCE_GROUP, VAULT }

    enum Target { A, B, C }

    /** What a user tries, and the least role it needs at the target's vault. */
    enum Action {
        READ_SERVER(Role.READER), LIST_SERVERS(Role.READER), READ_JOB(Role.READER), JOB_SKIPPED_ITEMS(Role.READER), LIST_JOBS(Role.READER),
        READ_ALERT(Role.READER), LIST_ALERTS(Role.READER), READ_POLICY(Role.READER), VAULT_POLICIES(Role.READER),
        VAULT_DASHBOARD(Role.READER), RECOVERY_POINTS(Role.READER), BACK_UP_NOW(Role.OPERATOR), BACK_UP_VAULT(Role.OPERATOR),
        CANCEL_JOB(Role.OPERATOR), ACKNOWLEDGE_ALERT(Role.OPERATOR), EDIT_POLICY(Role.CONTRIBUTOR),
        UNREGISTER_SERVER(Role.CONTRIBUTOR), CREATE_VAULT(Role.CONTRIBUTOR), ALLOW_REREGISTRATION(Role.OWNER);

        final Role needs;

        Action(Role needs) {
            this.needs = needs;
        }

        boolean isList() {
            return name().startsWith("LIST_");
        }
    }

    @Autowired FleetService fleet;
    @Autowired JobService jobs;
    @Autowired AlertService alerts;
    @Autowired PolicyService policies;
    @Autowired DashboardService dashboards;
    @Autowired io.vaultfleet.console.recovery.RecoveryPointCatalog catalog;
    @Autowired VaultService vaults;
    @Autowired SubscriptionService subscriptions;
    @Autowired StorageLocationService locations;
    @Autowired AccessControl access;
    @Autowired UserAccountService users;
    @Autowired JdbcClient jdbc;
    @Autowired SecurityContextHolderStrategy security;

    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final Map<Target, Vault> vault = new EnumMap<>(Target.class);
    private final Map<Target, ResourceGroup> group = new EnumMap<>(Target.class);
    private final Map<Target, UUID> server = new EnumMap<>(Target.class);
    private final Map<Target, UUID> openJob = new EnumMap<>(Target.class);
    private final Map<Target, UUID> policy = new EnumMap<>(Target.class);
    private UUID location;
    private int created;

    @BeforeAll
    void threeVaultsInTwoSubscriptionsAndAUserPerRoleAndScope() {
        admin(() -> {
            Subscription one = subscriptions.createSubscription("Matrix one " + tag);
            Subscription two = subscriptions.createSubscription("Matrix two " + tag);
            group.put(Target.A, subscriptions.createResourceGroup(one.id(), "rg-a-" + tag));
            group.put(Target.B, subscriptions.createResourceGroup(one.id(), "rg-b-" + tag));
            group.put(Target.C, subscriptions.createResourceGroup(two.id(), "rg-c-" + tag));
            location = locations.list().stream().filter(l -> l.name().equals(StorageLocationService.DEFAULT_NAME))
                    .findFirst().orElseThrow().id();
            for (Target t : Target.values()) {
                vault.put(t, vaults.create(new CreateVaultRequest("matrix-" + t.name().toLowerCase() + "-" + tag,
                        group.get(t).subscriptionId(), group.get(t).id(), null, location)));
                server.put(t, newServer(t));
                openJob.put(t, openJob(t));
                policy.put(t, policies.create(vault.get(t).id(), nightly("Nightly " + t)).id());
            }
            for (Role role : Role.values()) {
                for (Scope scope : Scope.values()) {
                    String name = user(role, scope);
                    if (scope == Scope.CONSOLE) {
                        users.createUser(name, name, PASSWORD, role);
                    } else {
                        users.createUser(name, name, PASSWORD, Role.READER);
                        access.removeGlobalRole(name);
                        access.grant(name, role, scopePath(scope));
                    }
                }
            }
            return null;
        });
    }

    static Stream<Arguments> everyRoleScopeTargetAndAction() {
        List<Arguments> cases = new ArrayList<>();
        for (Role role : Role.values()) {
            for (Scope scope : Scope.values()) {
                for (Target target : Target.values()) {
                    for (Action action : Action.values()) {
                        cases.add(Arguments.of(role, scope, target, action));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} at {1} scope, vault {2}: {3}")
    @MethodSource("everyRoleScopeTargetAndAction")
    void aRoleCountsOnlyWithinItsScope(Role role, Scope scope, Target target, Action action) {
        // a vault is created in a resource group: a role held at a vault does not reach its resource group
        boolean inScope = action == Action.CREATE_VAULT ? scope != Scope.VAULT && within(scope, target) : within(scope, target);
        boolean allowed = inScope && role.includes(action.needs);
        String who = user(role, scope);
        Runnable attempt = () -> as(who, role, scope, () -> {
            perform(action, target, who, allowed);
            return null;
        });
        if (allowed || action.isList()) {
            attempt.run();
        } else if (action == Action.CREATE_VAULT) {
            // the vault wizard refuses it as an answer on the resource group field, naming the role needed
            assertThatThrownBy(attempt::run).as("%s at %s may not %s in rg of %s", role, scope, action, target)
                    .isInstanceOf(io.vaultfleet.console.platform.InvalidInputException.class)
                    .hasMessageContaining("Contributor role");
        } else {
            assertThatThrownBy(attempt::run).as("%s at %s may not %s in vault %s", role, scope, action, target)
                    .isInstanceOf(AccessDeniedException.class);
        }
    }

    /** Does the action; for lists, checks the target's item is listed exactly when the user may read it. */
    private void perform(Action action, Target t, String who, boolean allowed) {
        UUID vaultId = vault.get(t).id();
        switch (action) {
            case READ_SERVER -> assertThat(fleet.find(server.get(t))).map(RegisteredServer::vaultId).hasValue(vaultId);
            case LIST_SERVERS -> assertListed(allowed, fleet.list(ServerQuery.inVault(vaultId), 0, 100).stream()
                    .map(RegisteredServer::id), server.get(t));
            case READ_JOB -> assertThat(jobs.find(openJob.get(t))).map(BackupJob::vaultId).hasValue(vaultId);
            case JOB_SKIPPED_ITEMS -> assertThat(jobs.skippedItems(openJob.get(t))).isEmpty();
            case LIST_JOBS -> assertListed(allowed, jobs.list(new JobQuery(vaultId, null, "", Set.of(), null, null), 0, 500)
                    .stream().map(BackupJob::id), openJob.get(t));
            case READ_ALERT -> {
                UUID alert = admin(() -> newAlert(t));
                assertThat(alerts.find(alert)).map(Alert::vaultId).hasValue(vaultId);
            }
            case LIST_ALERTS -> {
                UUID alert = admin(() -> newAlert(t));
                assertListed(allowed, alerts.list(AlertQuery.all().inVault(vaultId), 0, 500).stream().map(Alert::id), alert);
            }
            case READ_POLICY -> assertThat(policies.get(policy.get(t)).vaultId()).isEqualTo(vaultId);
            case VAULT_POLICIES -> assertThat(policies.list(vaultId)).extracting(BackupPolicy::id).contains(policy.get(t));
            case VAULT_DASHBOARD -> assertThat(dashboards.dashboard(vaultId).online() + dashboards.dashboard(vaultId).offline())
                    .isEqualTo(fleet.count(ServerQuery.inVault(vaultId)));
            case RECOVERY_POINTS -> assertThat(catalog.forServer(server.get(t))).as("no backup ran on it").isEmpty();
            case BACK_UP_NOW -> assertThat(jobs.backUpNow(server.get(t), "SYSTEM_CONFIGURATION", List.of()).serverId())
                    .isEqualTo(server.get(t));
            case BACK_UP_VAULT -> assertThat(jobs.backUpVault(vaultId, "SYSTEM_CONFIGURATION", List.of(), null))
                    .extracting(BackupJob::vaultId).contains(vaultId);
            case CANCEL_JOB -> assertThat(jobs.cancel(openJob.get(t)).cancelRequestedBy()).isEqualTo(who);
            case ACKNOWLEDGE_ALERT -> {
                UUID alert = admin(() -> newAlert(t));
                assertThat(alerts.acknowledge(alert).state()).isEqualTo(AlertState.ACKNOWLEDGED);
            }
            case EDIT_POLICY -> {
                BackupPolicy current = admin(() -> policies.get(policy.get(t)));
                assertThat(policies.update(current.id(), current.revision(), nightly(current.name())).revision())
                        .isGreaterThan(current.revision());
            }
            case UNREGISTER_SERVER -> {
                UUID doomed = admin(() -> newServer(t));
                assertThat(fleet.unregister(doomed, "matrix test")).isTrue();
            }
            case CREATE_VAULT -> assertThat(vaults.create(new CreateVaultRequest("m-" + tag + "-" + (++created),
                    group.get(t).subscriptionId(), group.get(t).id(), null, location)).resourceGroupId())
                    .isEqualTo(group.get(t).id());
            case ALLOW_REREGISTRATION -> fleet.allowReregistration(server.get(t), java.time.Duration.ofHours(1));
        }
    }

    private static void assertListed(boolean allowed, Stream<UUID> listed, UUID item) {
        if (allowed) {
            assertThat(listed).contains(item);
        } else {
            assertThat(listed).as("an item of a vault the user may not read is not listed").doesNotContain(item);
        }
    }

    private boolean within(Scope scope, Target target) {
        return switch (scope) {
            case CONSOLE -> true;
            case SUBSCRIPTION -> target != Target.C;
            case RESOURCE_GROUP, VAULT -> target == Target.A;
        };
    }

    private ScopePath scopePath(Scope scope) {
        Vault a = vault.get(Target.A);
        return switch (scope) {
            case SUBSCRIPTION -> ScopePath.subscription(a.subscriptionId());
            case RESOURCE_GROUP -> ScopePath.resourceGroup(a.subscriptionId(), a.resourceGroupId());
            case VAULT -> a.path();
            case CONSOLE -> throw new IllegalArgumentException("console-wide roles are not granted at a scope");
        };
    }

    private String user(Role role, Scope scope) {
        return ("m-" + role.name() + "-" + scope.name() + "-" + tag).toLowerCase().replace('_', '-');
    }

    /** As the user would be after signing in: a console-wide role gives the session its authorities, a scoped one none. */
    private <T> T as(String username, Role role, Scope scope, Supplier<T> action) {
        return TestSecurity.runAs(security, username, scope == Scope.CONSOLE ? role : null, action);
    }

    private <T> T admin(Supplier<T> action) {
        return TestSecurity.runAs(security, "admin", Role.OWNER, action);
    }

    private UUID newServer(Target t) {
        var enrolled = (FleetService.Enrolled) fleet.enroll(vault.get(t).id(), "m-" + UUID.randomUUID().toString().substring(0, 8),
                "Linux", "6.1", "0.1.0", AgentKeys.encodePublic(AgentKeys.generate().getPublic()));
        return enrolled.server().id();
    }

    /** A queued backup job, as Back Up Now records it before the agent answers (an agent that never will). */
    private UUID openJob(Target t) {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("""
                insert into backup_job (id, vault_id, operation, status, started_at, server_id, item, trigger_kind,
                    requested_by, paths, stage, last_report_at)
                values (:id, :v, 'BACKUP', 'QUEUED', :now, :s, 'SYSTEM_CONFIGURATION', 'ON_DEMAND', 'admin', '', 'QUEUED', :now)""")
                .param("id", id).param("v", vault.get(t).id()).param("s", server.get(t)).param("now", now).update();
        return id;
    }

    /** An active alert on the target's server, as the alert rules raise it. */
    private UUID newAlert(Target t) {
        UUID id = UUID.randomUUID();
        AlertRule rule = AlertRule.BACKUP_FAILED;
        jdbc.sql("""
                insert into vault_alert (id, vault_id, server_id, rule, severity, title, detail, state, open_key,
                    raised_at, last_occurred_at, occurrences)
                values (:id, :v, :s, :rule, :sev, 'Matrix alert', 'raised by the access matrix test', 'ACTIVE', :key,
                    :now, :now, 1)""")
                .param("id", id).param("v", vault.get(t).id()).param("s", server.get(t)).param("rule", rule.name())
                .param("sev", rule.severity().name()).param("key", "matrix:" + id)
                .param("now", OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC)).update();
        return id;
    }

    private static PolicyDraft nightly(String name) {
        return new PolicyDraft(name, List.of("SYSTEM_STATE"), List.of(), List.of(), BackupSchedule.daily("UTC", "21:30"),
                RetentionRules.daily(30).withWeekly(4, DayOfWeek.SUNDAY).withMonthly(12, 1).withYearly(1, Month.JANUARY, 1),
                null);
    }
}
