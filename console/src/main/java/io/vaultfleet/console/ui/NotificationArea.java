package io.vaultfleet.console.ui;


import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.popover.Popover;
import com.vaadin.flow.component.popover.PopoverPosition;

/** The bell in the header: how many notices arrived since the user last looked, and the latest ones. */
class NotificationArea extends Div {
    private final NoticeBoard board;
    private final Span badge = new Span();
    private final Div list = new Div();
    private int unread;

    NotificationArea(NoticeBoard board) {
        this.board = board;
        addClassName("notification-area");
        Button bell = new Button(VaadinIcon.BELL.create());
        bell.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ICON);
        bell.setId("notifications-button");
        bell.setAriaLabel("Notifications");
        badge.addClassName("notification-badge");
        badge.setId("notifications-count");
        badge.setVisible(false);
        add(bell, badge);

        Popover popover = new Popover();
        popover.setTarget(bell);
        popover.setPosition(PopoverPosition.BOTTOM_END);
        popover.setWidth("360px");
        popover.addClassName("notification-popover");
        list.addClassName("notification-list");
        list.setId("notifications-list");
        popover.add(new H4("Notifications"), list);
        popover.addOpenedChangeListener(e -> {
            if (e.isOpened()) {
                render();
                unread = 0;
                updateBadge();
            }
        });
        add(popover);

        board.updates().subscribe(this, notice -> {
            unread++;
            updateBadge();
            if (popover.isOpened()) {
                render();
            }
        });
    }

    private void render() {
        list.removeAll();
        var notices = board.latest(getUI().map(Audience::of).orElse(Audience.NOBODY));
        if (notices.isEmpty()) {
            Span empty = new Span("Nothing new.");
            empty.addClassName("notification-empty");
            list.add(empty);
            return;
        }
        for (ConsoleNotice notice : notices) {
            Div item = new Div();
            item.addClassNames("notification-item", "level-" + notice.level().name().toLowerCase());
            Span title = new Span(notice.title());
            title.addClassName("notification-title");
            Span time = new Span(DateTimes.time(notice.at()));
            time.addClassName("notification-time");
            Div detail = new Div(notice.detail() == null ? "" : notice.detail());
            detail.addClassName("notification-detail");
            item.add(title, time, detail);
            list.add(item);
        }
    }

    private void updateBadge() {
        badge.setText(unread > 99 ? "99+" : String.valueOf(unread));
        badge.setVisible(unread > 0);
    }
}
