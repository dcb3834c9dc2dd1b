package io.vaultfleet.console.vault;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import io.vaultfleet.console.ui.Formats;
import io.vaultfleet.console.ui.PropertyRow;

/** A vault's overview: essentials and the counts from the backup, jobs and alert tables. */
class VaultOverviewPanel extends Div {
    VaultOverviewPanel(VaultService vaults, Vault vault) {
        addClassName("vault-overview");
        VaultOverview o = vaults.overview(vault.id());
        Div essentials = new Div(new H3("Essentials"),
                PropertyRow.of("Resource group", vault.resourceGroupName()),
                PropertyRow.of("Location", vault.locationName()),
                PropertyRow.of("Subscription", vault.subscriptionName()),
                PropertyRow.of("Storage replication", vault.redundancy().label()),
                PropertyRow.of("Soft delete", vault.softDeleteEnabled() ? "Enabled (" + vault.softDeleteDays() + " days)"
                        : "Disabled"),
                PropertyRow.of("Backup goal", vault.goalDone() ? vault.goal().workload().label() + ": "
                        + String.join(", ", vault.goal().items().stream().map(BackupGoal.Item::label).sorted().toList())
                        : "Not set"));
        essentials.addClassName("vault-essentials");
        Div cards = new Div(
                card("overview-protected-servers", "Protected servers", Long.toString(o.protectedServers())),
                card("overview-protected-items", "Backup items", Long.toString(o.protectedItems())),
                card("overview-recovery-points", "Recovery points", Long.toString(o.recoveryPoints())),
                card("overview-storage-used", "Storage used", bytes(o.storageBytes())),
                card("overview-jobs", "Jobs (last 24 h)", o.jobsLast24h() + (o.failedJobsLast24h() > 0
                        ? " (" + o.failedJobsLast24h() + " failed)" : "")),
                card("overview-alerts", "Alerts (last 24 h)", Long.toString(o.alertsLast24h())));
        cards.addClassName("overview-cards");
        add(essentials, cards);
    }

    private static Div card(String id, String label, String value) {
        Span v = new Span(value);
        v.addClassName("card-value");
        Span l = new Span(label);
        l.addClassName("card-label");
        Div card = new Div(v, l);
        card.setId(id);
        card.addClassName("overview-card");
        return card;
    }

    static String bytes(long b) {
        return Formats.bytes(b);
    }
}
