package io.vaultfleet.console.recover;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;

import io.vaultfleet.console.recovery.RecoveryPoint;

/**
 * Select the point, as MARS shows it: a month whose bold dates hold recovery points (Vaadin's DatePicker cannot mark
 * dates, so this is a small grid of buttons), then the time of the point on the chosen date.
 */
class PointCalendar extends Div {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Map<LocalDate, List<RecoveryPoint>> byDay;
    private final ZoneId zone;
    private final Div month = new Div();
    private final Span title = new Span();
    private final Select<RecoveryPoint> time = new Select<>();
    private YearMonth shown;
    private final Consumer<RecoveryPoint> chosen;

    PointCalendar(List<RecoveryPoint> points, ZoneId zone, Consumer<RecoveryPoint> chosen) {
        this.zone = zone;
        this.chosen = chosen;
        this.byDay = points.stream().collect(Collectors.groupingBy(p -> LocalDate.ofInstant(p.createdAt(), zone),
                TreeMap::new, Collectors.toList()));
        addClassName("point-calendar");
        setId("recover-calendar");
        Button previous = new Button("‹", e -> show(shown.minusMonths(1)));
        previous.getElement().setAttribute("aria-label", "Previous month");
        Button next = new Button("›", e -> show(shown.plusMonths(1)));
        next.getElement().setAttribute("aria-label", "Next month");
        title.addClassName("point-calendar-title");
        Div head = new Div(previous, title, next);
        head.addClassName("point-calendar-head");
        time.setLabel("Time");
        time.setId("recover-time");
        time.setItemLabelGenerator(p -> TIME.format(p.createdAt().atZone(zone)) + " (" + p.recoveryPointId() + ")");
        time.addValueChangeListener(e -> chosen.accept(e.getValue()));
        time.setEnabled(false);
        add(head, month, time);
        month.addClassName("point-calendar-month");
        month.getStyle().set("display", "grid").set("grid-template-columns", "repeat(7, 2.5em)").set("gap", "2px");
        show(byDay.isEmpty() ? YearMonth.now(zone) : YearMonth.from(((TreeMap<LocalDate, ?>) byDay).lastKey()));
    }

    private void show(YearMonth which) {
        shown = which;
        title.setText(which.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + which.getYear());
        month.removeAll();
        for (DayOfWeek d : DayOfWeek.values()) {
            Span name = new Span(d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
            name.addClassName("point-calendar-weekday");
            month.add(name);
        }
        int blanks = which.atDay(1).getDayOfWeek().getValue() - 1;
        for (int i = 0; i < blanks; i++) {
            month.add(new Span());
        }
        for (int day = 1; day <= which.lengthOfMonth(); day++) {
            LocalDate date = which.atDay(day);
            List<RecoveryPoint> points = byDay.get(date);
            Button b = new Button(String.valueOf(day));
            b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            b.getElement().setAttribute("data-date", date.toString());
            if (points == null) {
                b.setEnabled(false);
            } else {
                b.addClassName("has-points");
                b.getStyle().set("font-weight", "bold");
                b.getElement().setAttribute("aria-label", date + ": " + points.size() + " recovery point(s)");
                b.addClickListener(e -> pick(date));
            }
            month.add(b);
        }
    }

    private void pick(LocalDate date) {
        List<RecoveryPoint> points = byDay.get(date);
        time.setItems(points);
        time.setEnabled(true);
        time.setValue(points.getFirst());
    }

    /** Selects the point with this id (a link from a recovery point's row). */
    void select(String recoveryPointId) {
        byDay.forEach((date, points) -> points.stream().filter(p -> p.recoveryPointId().equals(recoveryPointId))
                .findFirst().ifPresent(p -> {
                    show(YearMonth.from(date));
                    pick(date);
                    time.setValue(p);
                }));
    }
}
