package io.vaultfleet.console.vault;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;

/** A vault's overview: essentials and the counts from the backup, jobs and alert tables. */
class VaultOverviewPanel extends Div {
    VaultOverviewPanel(VaultService vaults, Vault vault) {
        addClassName("vault-overview");
        VaultOverview o = vaults.overview(vault.id());
        Div essentials = new Div(new H3("Essentials"),
                property("Resource group", vault.resourceGroupName()),
                property("Location", vault.locationName()),
                property("Subscription", vault.subscriptionName()),
                property("Storage replication", vault.redundancy().label()),
                property("Soft delete", vault.softDeleteEnabled() ? "Enabled (" + vault.softDeleteDays() + " days)"
                        : "Disabled"),
                property("Backup goal", vault.goalDone() ? vault.goal().workload().label() + ": "
                        + vault.goal().items().stream().map(BackupGoal.Item::label).sorted().toList() : "Not set"));
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

    static Div property(String name, String value) {
        Span n = new Span(name);
        n.addClassName("property-name");
        Span v = new Span(value);
        v.addClassName("property-value");
        Div row = new Div(n, v);
        row.addClassName("property");
        return row;
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
