package io.vaultfleet.console.jobs;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import java.util.function.Function;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

import io.vaultfleet.console.fleet.BackupItems;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.ServerSelectionAction;
import io.vaultfleet.console.platform.InvalidInputException;
import org.springframework.stereotype.Component;

/** Back Up Now for the servers ticked in the registered servers view, or for every server of the vault it shows. */
@Component
class BackUpNowSelection implements ServerSelectionAction {
    private final JobService jobs;
    private final Clock clock;

    BackUpNowSelection(JobService jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public String label() {
        return "Back Up Now";
    }

    @Override
    public String id() {
        return "servers-back-up-now";
    }

    @Override
    public boolean allowed() {
        return jobs.mayBackUpSomewhere();
    }

    @Override
    public void open(List<RegisteredServer> selected, UUID vaultId, String vaultName) {
        if (selected.isEmpty() && vaultId != null) {
            VaultBackupPlan plan;
            try {
                plan = jobs.vaultBackupPlan(vaultId);
            } catch (InvalidInputException e) {
                Notification.show(e.getMessage(), 6000, Notification.Position.BOTTOM_END)
                        .addThemeVariants(NotificationVariant.LUMO_ERROR);
                return;
            }
            dialog(vaultName, plan, clock, c -> jobs.backUpVault(vaultId, c.item(), c.paths(), c.retainUntil())).open();
            return;
        }
        List<UUID> ids = selected.stream().map(RegisteredServer::id).toList();
        String names = selected.stream().limit(5).map(RegisteredServer::name).reduce((a, b) -> a + ", " + b).orElse("")
                + (selected.size() > 5 ? " and " + (selected.size() - 5) + " more" : "");
        new BackUpNowDialog("Back Up Now: " + selected.size() + " server" + (selected.size() == 1 ? "" : "s"),
                "Starts a backup of " + names + " now.", BackupItems.common(selected), clock, c -> jobs.backUpNow(ids, c.item(), c.paths(), c.retainUntil())).open();
    }

    /** The vault-wide dialog: only what some server of the vault backs up, and per server what will run. */
    static BackUpNowDialog dialog(String vaultName, VaultBackupPlan plan, Clock clock,
                                  Function<BackUpNowDialog.Choice, List<BackupJob>> start) {
        return new BackUpNowDialog("Back Up Now: vault " + vaultName, "Starts a backup of the servers registered in "
                + vaultName + " that can back up the item chosen.", plan, clock, start);
    }
}
