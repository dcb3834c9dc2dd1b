package io.vaultfleet.console.policy;

import java.util.Map;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.QueryParameters;

import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.ServerDetailSection;
import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.ui.Badges;
import io.vaultfleet.console.ui.DateTimes;
import io.vaultfleet.console.ui.PropertyRow;
import io.vaultfleet.protocol.policy.NetworkThrottle;

/** The server page's backup policy: which one, the next scheduled backup, whether the agent runs it; kept live. */
@org.springframework.stereotype.Component
class ServerPolicySection implements ServerDetailSection {

    private final PolicyService policies;

    ServerPolicySection(PolicyService policies) {
        this.policies = policies;
    }

    @Override
    public int order() {
        return 5;
    }

    @Override
    public String title() {
        return "Backup policy";
    }

    @Override
    public Component create(RegisteredServer server) {
        Div section = new Div();
        section.setId("server-policy");
        policies.updates().subscribe(section, changed -> {
            if (changed.equals(server.id())) {
                fill(section, server);
            }
        }, () -> fill(section, server));
        return section;
    }

    private void fill(Div section, RegisteredServer server) {
        section.removeAll();
        ServerPolicy sp = policies.serverPolicy(server.id());
        Div properties = new Div();
        properties.addClassName("properties");
        property(properties, "Policy", sp.policy() == null ? "None: no scheduled backups" : sp.policy().name(), "policy-name");
        property(properties, "Next scheduled backup", sp.nextBackupAt() == null ? "Not scheduled"
                : DateTimes.dateTimeMinutes(sp.nextBackupAt()), "policy-next-backup");
        var own = policies.serverThrottle(server.id());
        if (sp.policy() != null) {
            property(properties, "Schedule", PoliciesView.schedule(sp.policy().settings()), "policy-schedule");
            property(properties, "Retention", PoliciesView.retention(sp.policy().settings().retention()), "policy-retention");
            property(properties, "Throttling", own.map(t -> PoliciesView.throttle(t) + " (this server's)")
                    .orElse(PoliciesView.throttle(sp.policy().settings().throttle()) + " (the policy's)"), "policy-throttle");
        }
        Span state = Badges.of(sp.state().label(), switch (sp.state()) {
            case IN_SYNC -> Badges.Tone.SUCCESS;
            case DRIFTED -> Badges.Tone.ERROR;
            case WAITING -> Badges.Tone.INFO;
            case NONE -> Badges.Tone.NEUTRAL;
        });
        state.setId("policy-state");
        if (sp.detail() != null) {
            state.getElement().setAttribute("title", sp.detail());
        }
        Div row = new Div(label("Agent"), state);
        row.addClassName("property");
        properties.add(row);
        section.add(properties);
        if (server.vaultId() != null && server.revokedAt() == null && policies.mayManage(server.vaultId())) {
            Button schedule = new Button(sp.policy() == null ? "Schedule Backup" : "Change policy", e ->
                    e.getSource().getUI().ifPresent(ui -> ui.navigate(ScheduleBackupView.class, QueryParameters.simple(
                            Map.of("vault", server.vaultId().toString(), "servers", server.id().toString())))));
            schedule.setId("server-schedule-backup");
            section.add(schedule);
            if (sp.policy() != null) {
                Button stop = new Button("Stop scheduled backups", e -> {
                    policies.unassign(server.id());
                    fill(section, server);
                });
                stop.setId("server-stop-schedule");
                section.add(stop);
                Button throttle = new Button("Throttling for this server", e -> openThrottle(section, server, own.orElse(null)));
                throttle.setId("server-throttle");
                section.add(throttle);
            }
        }
    }

    /** This server's own bandwidth limits, as the MARS agent's Throttling tab sets them; or back to the policy's. */
    private void openThrottle(Div section, RegisteredServer server, NetworkThrottle current) {
        PolicyForm form = new PolicyForm(policies);
        form.loadThrottle(current);
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Throttling for " + server.name());
        dialog.add(form.throttleStep());
        Button save = new Button("Save", e -> {
            try {
                policies.setServerThrottle(server.id(), form.networkThrottle());
                dialog.close();
                fill(section, server);
            } catch (InvalidInputException ex) {
                // the form shows the reason beside the fields
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setId("server-throttle-save");
        Button policyOnes = new Button("Use the policy's throttling", e -> {
            policies.setServerThrottle(server.id(), null);
            dialog.close();
            fill(section, server);
        });
        policyOnes.setId("server-throttle-reset");
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), policyOnes, save);
        dialog.open();
    }

    private static void property(Div container, String label, String value, String id) {
        Span text = new Span(value);
        text.setId(id);
        container.add(PropertyRow.labelled(label, text));
    }

    private static Span label(String text) {
        Span name = new Span(text);
        name.addClassName("property-label");
        return name;
    }
}
