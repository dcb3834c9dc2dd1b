package io.vaultfleet.console.replication;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.AccessDeniedException;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;

import io.vaultfleet.console.downloads.DownloadLink;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.ui.Formats;
import io.vaultfleet.console.ui.PropertyRow;
import io.vaultfleet.console.vault.StorageRedundancy;
import io.vaultfleet.console.vault.Vault;
import io.vaultfleet.console.vault.VaultSection;

/**
 * What geo-replication adds to a vault's page: its state on the Overview (up to date, or lagging by how many blobs
 * and bytes, last copied at, a seeding's progress) and the Cross Region Restore setting in Backup Configuration.
 */
@Configuration
class ReplicationSections {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    @Bean
    VaultSection replicationOverview(SecondaryCopies copies) {
        return new VaultSection() {
            @Override
            public Place place() {
                return Place.OVERVIEW;
            }

            @Override
            public int order() {
                return 10;
            }

            @Override
            public Component create(Vault vault) {
                Div section = overview(copies.status(vault.id()));
                Button verify = new Button("Verify secondary copy");
                verify.setId("replication-verify");
                Div message = new Div();
                message.setId("replication-verify-message");
                message.setVisible(false);
                verify.addClickListener(e -> {
                    try {
                        copies.verify(vault.id());
                        show(message, "Verify secondary copy started: Backup jobs shows a job per server with what it "
                                + "found.", false);
                    } catch (InvalidInputException | AccessDeniedException ex) {
                        show(message, ex.getMessage(), true);
                    }
                });
                section.add(verify, message);
                return section;
            }
        };
    }

    @Bean
    VaultSection crossRegionRestore(SecondaryCopies copies) {
        return new VaultSection() {
            @Override
            public Place place() {
                return Place.BACKUP_CONFIGURATION;
            }

            @Override
            public int order() {
                return 10;
            }

            @Override
            public Component create(Vault vault) {
                return crossRegionRestore(copies, vault);
            }
        };
    }

    static Div overview(ReplicationStatus s) {
        Div state = PropertyRow.of("State", describe(s));
        state.setId("replication-state");
        state.getElement().setAttribute("data-phase", s.phase().name());
        Div section = new Div(new H3("Geo-replication"), state);
        if (s.secondaryName() != null) {
            section.add(PropertyRow.of("Secondary location", s.secondaryName()));
        }
        if (s.phase() == ReplicationStatus.Phase.UP_TO_DATE || s.phase() == ReplicationStatus.Phase.LAGGING) {
            Div last = PropertyRow.of("Last copied at", s.lastCopiedAt() == null ? "Never" : WHEN.format(s.lastCopiedAt()));
            last.setId("replication-last-copied");
            section.add(last, PropertyRow.of("Blobs on the secondary", String.format("%,d", s.totalBlobs())),
                    PropertyRow.of("Cross Region Restore", s.crossRegionRestore() ? "Enabled" : "Disabled"));
        }
        if (s.lastError() != null) {
            Div error = new Div("The last pass stopped: " + s.lastError() + ". The next pass resumes.");
            error.setId("replication-error");
            error.addClassNames("banner", "banner-warning");
            section.add(error);
        }
        section.addClassName("vault-replication");
        return section;
    }

    static String describe(ReplicationStatus s) {
        return switch (s.phase()) {
            case NOT_REPLICATED -> "Not replicated (the vault is not geo-redundant)";
            case NO_PAIRED_LOCATION -> "No paired location: nothing is copied until an owner pairs the vault's location";
            case WAITING -> "Waiting for the first copy to " + s.secondaryName();
            case UP_TO_DATE -> "Up to date";
            case LAGGING -> (s.seeding() ? "Seeding the secondary: " + String.format("%,d", s.totalBlobs()) + " of "
                    + String.format("%,d", s.totalBlobs() + s.pendingBlobs()) + " blobs copied; " : "Lagging by ")
                    + String.format("%,d", s.pendingBlobs()) + " blob(s), " + Formats.bytes(s.pendingBytes())
                    + (s.seeding() ? " to go" : "");
        };
    }

    static Div crossRegionRestore(SecondaryCopies copies, Vault vault) {
        Div section = new Div(new H3("Cross Region Restore"), new Paragraph("Lets backup operators restore this "
                + "vault's recovery points from the secondary copy in the paired location, for example when the "
                + "primary location is lost. The restore reads the secondary copy with a short read-only grant."));
        section.addClassName("cross-region-restore");
        Checkbox enabled = new Checkbox("Enable Cross Region Restore");
        enabled.setId("cross-region-restore");
        enabled.setValue(copies.status(vault.id()).crossRegionRestore());
        Div message = new Div();
        message.setId("cross-region-restore-message");
        message.setVisible(false);
        Div[] download = {restoreCredentials(copies, vault)};
        Button save = new Button("Save Cross Region Restore", e -> {
            try {
                boolean on = copies.setCrossRegionRestore(vault.id(), enabled.getValue()).crossRegionRestore();
                show(message, "Cross Region Restore is now " + (on ? "enabled." : "disabled."), false);
            } catch (InvalidInputException | AccessDeniedException ex) {
                show(message, ex.getMessage(), true);
                enabled.setValue(copies.status(vault.id()).crossRegionRestore());
            }
            Div fresh = restoreCredentials(copies, vault);
            section.replace(download[0], fresh);
            download[0] = fresh;
        });
        save.setId("cross-region-restore-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        if (vault.redundancy() != StorageRedundancy.GEO_REDUNDANT) {
            Div note = new Div("Cross Region Restore needs a geo-redundant vault: this one is "
                    + vault.redundancy().label() + ".");
            note.addClassNames("banner", "banner-info");
            section.add(note);
        }
        section.add(enabled, save, message, download[0]);
        return section;
    }

    static final String RESTORE_CREDENTIALS_NEED = "Downloading secondary-region credentials needs the Contributor "
            + "role at this vault (or at its resource group or subscription), as for vault credentials.";

    /**
     * <em>Download secondary-region credentials</em>: offered to contributors when the vault has a secondary copy to
     * restore from, else shown disabled with the reason.
     */
    static Div restoreCredentials(SecondaryCopies copies, Vault vault) {
        Div row = new Div(new H4("Secondary-region credentials"), new Paragraph("A restore-only credentials file: on "
                + "any machine with the agent, fleet-agent restore --credentials <file> --server <name> restores that "
                + "server's recovery points from the secondary copy, with the server's passphrase typed there. It "
                + "reads and lists the copy only, expires like vault credentials, and cannot register a server. Keep "
                + "it as safe as the backups it reads."));
        row.setId("restore-credentials");
        String why = !copies.mayDownloadRestoreCredentials(vault.id()) ? RESTORE_CREDENTIALS_NEED
                : copies.whyNoRestoreCredentials(vault.id());
        if (why != null) {
            Button refused = new Button("Download secondary-region credentials");
            refused.setId("download-restore-credentials");
            refused.setEnabled(false);
            refused.setTooltipText(why);
            Paragraph reason = new Paragraph(why.substring(0, 1).toUpperCase(Locale.ROOT) + why.substring(1));
            reason.setId("restore-credentials-refusal");
            reason.addClassName("refusal");
            row.add(refused, reason);
            return row;
        }
        row.add(DownloadLink.of("Download secondary-region credentials", "download-restore-credentials",
                "Secondary-region credentials downloaded.", base -> copies.restoreCredentials(vault.id(), base)));
        return row;
    }

    private static void show(Div message, String text, boolean error) {
        message.setText(text);
        message.setClassName("banner " + (error ? "banner-error" : "banner-success"));
        message.getElement().setAttribute("data-outcome", error ? "refused" : "saved");
        message.setVisible(true);
    }
}
