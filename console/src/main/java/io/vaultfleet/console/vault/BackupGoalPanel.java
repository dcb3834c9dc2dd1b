package io.vaultfleet.console.vault;

import java.util.Set;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.checkbox.CheckboxGroupVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import io.vaultfleet.console.identity.Role;
import io.vaultfleet.console.platform.InvalidInputException;
import org.springframework.security.access.AccessDeniedException;

/** Getting Started &gt; Backup: the backup goal. OK with a supported goal opens Prepare infrastructure. */
class BackupGoalPanel extends Div {
    static final String GOAL_NEEDS = "Setting the backup goal needs the Contributor role at this vault, its resource "
            + "group or its subscription.";

    BackupGoalPanel(VaultService vaults, Vault vault) {
        addClassName("backup-goal");
        add(new H3("Backup Goal"));
        if (vault.goalDone()) {
            Div done = new Div("Backup goal set: " + vault.goal().workload().label() + ", "
                    + String.join(", ", vault.goal().items().stream().map(BackupGoal.Item::label).sorted().toList())
                    + ". Continue with Prepare infrastructure.");
            done.setId("goal-done");
            done.addClassNames("banner", "banner-success");
            add(done);
        }
        RadioButtonGroup<BackupGoal.Workload> workload = new RadioButtonGroup<>("Where is your workload running?");
        workload.setId("goal-workload");
        workload.setItems(BackupGoal.Workload.values());
        workload.setItemLabelGenerator(w -> w.supported() ? w.label() : w.label() + " — not supported yet: "
                + w.unsupportedReason());
        workload.setItemEnabledProvider(BackupGoal.Workload::supported);
        CheckboxGroup<BackupGoal.Item> items = new CheckboxGroup<>("What do you want to back up?");
        items.setId("goal-items");
        items.setItems(BackupGoal.Item.values());
        items.setItemLabelGenerator(i -> i.supported() ? i.label() : i.label() + " — not supported yet: "
                + i.unsupportedReason());
        items.setItemEnabledProvider(BackupGoal.Item::supported);
        items.addThemeVariants(CheckboxGroupVariant.LUMO_VERTICAL);
        workload.setManualValidation(true);
        items.setManualValidation(true);
        if (vault.goalDone()) {
            workload.setValue(vault.goal().workload());
            items.setValue(vault.goal().items());
        }
        Div error = new Div();
        error.setId("goal-error");
        error.addClassNames("banner", "banner-error");
        error.setVisible(false);
        Button ok = new Button("OK", e -> {
            workload.setInvalid(false);
            items.setInvalid(false);
            error.setVisible(false);
            try {
                Vault saved = vaults.setBackupGoal(vault.id(), new BackupGoal(workload.getValue(),
                        items.getValue() == null ? Set.of() : items.getValue()));
                Notification.show("Backup goal saved. Next: prepare infrastructure.", 4000,
                        Notification.Position.BOTTOM_END).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                getUI().ifPresent(ui -> ui.navigate("vaults/" + saved.id() + "/prepare-infrastructure"));
            } catch (InvalidInputException ex) {
                // each problem once, at the field it concerns
                mark(workload, ex.problem("workload"));
                mark(items, ex.problem("items"));
            } catch (AccessDeniedException ex) {
                error.setText(ex.getMessage());
                error.setVisible(true);
            }
        });
        ok.setId("goal-ok-button");
        ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Role role = vaults.roleOn(vault);
        if (role == null || !role.includes(Role.CONTRIBUTOR)) {
            // no silent click: a user who may not set the goal sees OK disabled, with why on hover
            ok.setEnabled(false);
            ok.setTooltipText(GOAL_NEEDS);
        }
        add(workload, items, ok, error);
    }

    private static void mark(HasValidation field, String problem) {
        field.setErrorMessage(problem);
        field.setInvalid(problem != null);
    }
}
