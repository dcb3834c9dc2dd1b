package io.vaultfleet.console.jobs;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;


import io.vaultfleet.console.fleet.BackupItems;
import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.ServerSelectionAction;

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
            new BackUpNowDialog("Back Up Now: vault " + vaultName, "Starts a backup of every server registered in "
                    + vaultName + " now.", BackupItems.common(List.of()), clock, c -> jobs.backUpVault(vaultId, c.item(), c.paths(), c.retainUntil())).open();
            return;
        }
        List<UUID> ids = selected.stream().map(RegisteredServer::id).toList();
        String names = selected.stream().limit(5).map(RegisteredServer::name).reduce((a, b) -> a + ", " + b).orElse("")
                + (selected.size() > 5 ? " and " + (selected.size() - 5) + " more" : "");
        new BackUpNowDialog("Back Up Now: " + selected.size() + " server" + (selected.size() == 1 ? "" : "s"),
                "Starts a backup of " + names + " now.", BackupItems.common(selected), clock, c -> jobs.backUpNow(ids, c.item(), c.paths(), c.retainUntil())).open();
    }
}
