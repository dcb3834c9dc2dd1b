package io.vaultfleet.console.recover;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.QueryParameters;

import io.vaultfleet.console.fleet.RegisteredServer;
import io.vaultfleet.console.fleet.ServerDetailSection;

/**
 * The server page's *Recover Data* button (MARS's action). Shown to everyone who can read the server; disabled, with
 * the reason beside it, for users who are not Backup operators at the vault.
 */
@org.springframework.stereotype.Component
class RecoverDataSection implements ServerDetailSection {
    private final RecoverDataService recover;

    RecoverDataSection(RecoverDataService recover) {
        this.recover = recover;
    }

    @Override
    public int order() {
        return 5;
    }

    @Override
    public String title() {
        return "Recover Data";
    }

    @Override
    public Component create(RegisteredServer server) {
        Button start = new Button("Recover Data", VaadinIcon.DOWNLOAD.create(),
                e -> e.getSource().getUI().ifPresent(ui -> ui.navigate("recover",
                        QueryParameters.of("server", server.id().toString()))));
        start.setId("recover-data");
        Div section = new Div(start);
        recover.whyNot(server).ifPresent(why -> {
            start.setEnabled(false);
            Span reason = new Span(why);
            reason.setId("recover-data-why-not");
            reason.addClassName("hint");
            section.add(reason);
        });
        return section;
    }
}
