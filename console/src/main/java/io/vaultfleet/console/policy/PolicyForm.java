package io.vaultfleet.console.policy;

import java.time.DayOfWeek;
import java.time.Month;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import com.vaadin.flow.component.AbstractField;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasEnabled;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;

import io.vaultfleet.console.platform.InvalidInputException;
import io.vaultfleet.console.ui.Formats;
import io.vaultfleet.protocol.policy.AgentPolicy;
import io.vaultfleet.protocol.policy.BackupSchedule;
import io.vaultfleet.protocol.policy.NetworkThrottle;

/**
 * The fields of the Schedule Backup wizard's steps, and the {@link PolicyDraft} they make. Rules are not here: the
 * draft's constructors and {@link PolicyDraft#validate()} judge, and their messages are shown beside the fields.
 */
final class PolicyForm {
    static final List<String> HALF_HOURS = IntStream.range(0, 48)
            .mapToObj(i -> String.format("%02d:%02d", i / 2, i % 2 * 30)).toList();

    final TextField name = new TextField("Policy name");
    final CheckboxGroup<String> items = new CheckboxGroup<>("Items to back up");
    final TextArea include = new TextArea("Files and folders (one path a line)");
    final TextArea exclude = new TextArea("Exclusions (one pattern a line, e.g. *.tmp)");

    final RadioButtonGroup<BackupSchedule.Frequency> frequency = new RadioButtonGroup<>("Backup frequency");
    final List<ComboBox<String>> times = List.of(new ComboBox<>("At"), new ComboBox<>("And at"), new ComboBox<>("And at"));
    final CheckboxGroup<DayOfWeek> days = new CheckboxGroup<>("On");
    final ComboBox<String> zone = new ComboBox<>("Time zone");

    final IntegerField dailyDays = new IntegerField("Keep daily (days)");
    final IntegerField weeklyWeeks = new IntegerField("Keep weekly (weeks)");
    final ComboBox<DayOfWeek> weeklyOn = new ComboBox<>("Weekly point on");
    final IntegerField monthlyMonths = new IntegerField("Keep monthly (months)");
    final IntegerField monthlyOnDay = new IntegerField("Monthly point on day");
    final IntegerField yearlyYears = new IntegerField("Keep yearly (years)");
    final ComboBox<Month> yearlyIn = new ComboBox<>("Yearly point in");
    final IntegerField yearlyOnDay = new IntegerField("Yearly point on day");
    final Grid<GfsRetention.PreviewRow> preview = new Grid<>();

    final Checkbox throttle = new Checkbox("Enable internet bandwidth usage throttling for backup operations");
    final IntegerField workKbps = new IntegerField("Work hours (Kbps)");
    final IntegerField nonWorkKbps = new IntegerField("Non-work hours (Kbps)");
    final CheckboxGroup<DayOfWeek> workDays = new CheckboxGroup<>("Work days");
    final ComboBox<String> workStart = new ComboBox<>("Start time");
    final ComboBox<String> workEnd = new ComboBox<>("End time");
    final IntegerField uploads = new IntegerField("Concurrent uploads");

    private final PolicyService policies;

    PolicyForm(PolicyService policies) {
        this.policies = policies;
        name.setId("policy-name");
        name.setWidthFull();
        name.setMaxLength(100);
        items.setId("policy-items");
        items.setItems(AgentPolicy.ITEMS);
        items.setItemLabelGenerator(Formats::itemLabel);
        items.setValue(Set.of("SYSTEM_STATE"));
        include.setId("policy-include");
        exclude.setId("policy-exclude");
        include.setWidthFull();
        exclude.setWidthFull();
        items.addValueChangeListener(e -> include.setVisible(e.getValue().contains("FILES_AND_FOLDERS")));
        include.setVisible(false);

        frequency.setId("policy-frequency");
        frequency.setItems(BackupSchedule.Frequency.values());
        frequency.setItemLabelGenerator(f -> f == BackupSchedule.Frequency.DAILY ? "Daily" : "Weekly");
        frequency.setValue(BackupSchedule.Frequency.DAILY);
        for (int i = 0; i < times.size(); i++) {
            times.get(i).setItems(HALF_HOURS);
            times.get(i).setId("policy-time-" + (i + 1));
            times.get(i).setClearButtonVisible(i > 0);
        }
        times.getFirst().setValue("21:30");
        days.setId("policy-days");
        days.setItems(DayOfWeek.values());
        days.setItemLabelGenerator(PolicyDraft::label);
        days.setVisible(false);
        frequency.addValueChangeListener(e -> {
            days.setVisible(e.getValue() == BackupSchedule.Frequency.WEEKLY);
            if (e.getValue() == BackupSchedule.Frequency.WEEKLY) {
                dailyDays.setValue(0);
                if (weeklyWeeks.getValue() == null || weeklyWeeks.getValue() == 0) {
                    weeklyWeeks.setValue(104);
                }
            }
        });
        zone.setId("policy-zone");
        zone.setItems(ZoneId.getAvailableZoneIds().stream().sorted().toList());
        zone.setValue("UTC");

        dailyDays.setId("retention-daily");
        dailyDays.setValue(180);
        weeklyWeeks.setId("retention-weekly");
        weeklyWeeks.setValue(0);
        weeklyOn.setId("retention-weekly-on");
        weeklyOn.setItems(DayOfWeek.values());
        weeklyOn.setItemLabelGenerator(PolicyDraft::label);
        weeklyOn.setValue(DayOfWeek.SUNDAY);
        monthlyMonths.setId("retention-monthly");
        monthlyMonths.setValue(0);
        monthlyOnDay.setId("retention-monthly-day");
        monthlyOnDay.setValue(1);
        yearlyYears.setId("retention-yearly");
        yearlyYears.setValue(0);
        yearlyIn.setId("retention-yearly-in");
        yearlyIn.setItems(Month.values());
        yearlyIn.setItemLabelGenerator(m -> m.getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        yearlyIn.setValue(Month.JANUARY);
        yearlyOnDay.setId("retention-yearly-day");
        yearlyOnDay.setValue(1);
        for (IntegerField f : List.of(dailyDays, weeklyWeeks, monthlyMonths, yearlyYears)) {
            f.setHelperText("0 turns it off");
            f.setMin(0);
        }
        // wide enough for the labels and helper texts at 1366 px, so none is cut
        List.<HasSize>of(dailyDays, weeklyWeeks, weeklyOn, monthlyMonths, monthlyOnDay, yearlyYears, yearlyIn,
                yearlyOnDay).forEach(f -> f.setWidth("13em"));
        dailyDays.setHelperText("7–9,999 days, 0 = off");
        weeklyWeeks.setHelperText("4–5,163 weeks, 0 = off");
        monthlyMonths.setHelperText("3–1,188 months, 0 = off");
        yearlyYears.setHelperText("1–99 years, 0 = off");
        preview.setId("retention-preview");
        preview.addThemeVariants(GridVariant.LUMO_COMPACT);
        preview.addColumn(GfsRetention.PreviewRow::after).setHeader("After");
        preview.addColumn(GfsRetention.PreviewRow::points).setHeader("Recovery points kept");
        preview.setAllRowsVisible(true);
        List.<AbstractField<?, ?>>of(dailyDays, weeklyWeeks, weeklyOn, monthlyMonths, monthlyOnDay, yearlyYears, yearlyIn,
                yearlyOnDay, frequency, days, zone).forEach(f -> f.addValueChangeListener(e -> refreshPreview()));
        times.forEach(t -> t.addValueChangeListener(e -> refreshPreview()));

        throttle.setId("throttle-enabled");
        workKbps.setId("throttle-work");
        workKbps.setValue(1024);
        nonWorkKbps.setId("throttle-nonwork");
        nonWorkKbps.setValue(102_400);
        workKbps.setHelperText("512 Kbps – 1,023 Mbps (1,047,552 Kbps)");
        nonWorkKbps.setHelperText("512 Kbps – 1,023 Mbps (1,047,552 Kbps)");
        workDays.setId("throttle-days");
        workDays.setItems(DayOfWeek.values());
        workDays.setItemLabelGenerator(PolicyDraft::label);
        workDays.setValue(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
        workStart.setId("throttle-start");
        workStart.setItems(HALF_HOURS);
        workStart.setValue("09:00");
        workEnd.setId("throttle-end");
        workEnd.setItems(HALF_HOURS);
        workEnd.setValue("18:00");
        uploads.setId("throttle-uploads");
        uploads.setValue(2);
        uploads.setHelperText("1–16 uploads at once per server");
        enableThrottleFields(false);
        throttle.addValueChangeListener(e -> enableThrottleFields(e.getValue()));
    }

    private void enableThrottleFields(boolean enabled) {
        List<HasEnabled> fields = List.of(workKbps, nonWorkKbps, workDays, workStart, workEnd,
                uploads);
        fields.forEach(f -> f.setEnabled(enabled));
    }

    Div itemsStep() {
        return new Div(new Paragraph("Select the items to back up. Files and folders take paths on the server; "
                + "exclusions skip matching files inside them."), items, include, exclude);
    }

    Div scheduleStep() {
        HorizontalLayout at = new HorizontalLayout(times.get(0), times.get(1), times.get(2));
        return new Div(new Paragraph("Back up daily at up to three times, or weekly on the days you choose. Times are "
                + "on the hour or half hour, in the schedule's time zone."), frequency, days, at, zone);
    }

    Div retentionStep() {
        HorizontalLayout daily = row(dailyDays);
        HorizontalLayout weekly = row(weeklyWeeks, weeklyOn);
        HorizontalLayout monthly = row(monthlyMonths, monthlyOnDay);
        HorizontalLayout yearly = row(yearlyYears, yearlyIn, yearlyOnDay);
        refreshPreview();
        return new Div(new Paragraph("Choose how long daily, weekly, monthly and yearly recovery points are kept. "
                + "Each falls on a backup time; if that backup fails, the next successful one of the week, month or "
                + "year takes its place. The newest recovery point is never removed."), daily, weekly, monthly,
                yearly, preview);
    }

    Div throttleStep() {
        return new Div(new Paragraph("Limit the bandwidth the agent uses for uploads and restores during work hours "
                + "and outside them, and how many uploads run at once."), throttle, row(workKbps, nonWorkKbps),
                workDays, row(workStart, workEnd, uploads));
    }

    private static HorizontalLayout row(Component... components) {
        HorizontalLayout row = new HorizontalLayout(components);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        return row;
    }

    void load(BackupPolicy policy) {
        PolicyDraft d = policy.settings();
        name.setValue(d.name());
        items.setValue(new HashSet<>(d.items()));
        include.setValue(String.join("\n", d.include()));
        exclude.setValue(String.join("\n", d.exclude()));
        frequency.setValue(d.schedule().frequency());
        for (int i = 0; i < times.size(); i++) {
            times.get(i).setValue(i < d.schedule().times().size() ? d.schedule().times().get(i) : null);
        }
        days.setValue(new HashSet<>(d.schedule().days()));
        zone.setValue(d.schedule().timeZone());
        RetentionRules r = d.retention();
        dailyDays.setValue(r.dailyDays());
        weeklyWeeks.setValue(r.weeklyWeeks());
        weeklyOn.setValue(r.weeklyOn());
        monthlyMonths.setValue(r.monthlyMonths());
        monthlyOnDay.setValue(r.monthlyOnDay());
        yearlyYears.setValue(r.yearlyYears());
        yearlyIn.setValue(r.yearlyIn());
        yearlyOnDay.setValue(r.yearlyOnDay());
        loadThrottle(d.throttle());
    }

    /** Shows {@code t} in the throttling fields (off for null). */
    void loadThrottle(NetworkThrottle t) {
        throttle.setValue(t != null);
        if (t != null) {
            workKbps.setValue((int) t.workHoursKbps());
            nonWorkKbps.setValue((int) t.nonWorkHoursKbps());
            workDays.setValue(new HashSet<>(t.workDays()));
            workStart.setValue(t.workStart());
            workEnd.setValue(t.workEnd());
            uploads.setValue(t.maxConcurrentUploads());
        }
    }

    /** The schedule as entered; its constructor's message goes beside the times when it is refused. */
    BackupSchedule schedule() {
        clear(times.getFirst(), days, zone);
        try {
            List<String> chosen = times.stream().map(ComboBox::getValue).filter(v -> v != null && !v.isBlank()).toList();
            return new BackupSchedule(frequency.getValue(), chosen, new ArrayList<>(days.getValue()), zone.getValue());
        } catch (IllegalArgumentException e) {
            HasValidation field = e.getMessage().contains("day") ? days : e.getMessage().contains("timeZone")
                    || e.getMessage().contains("time zone") ? zone : times.getFirst();
            invalid(field, e.getMessage());
            throw new InvalidInputException("schedule", e.getMessage());
        }
    }

    RetentionRules retention() {
        Map<String, String> problems = RetentionRules.problems(value(dailyDays), value(weeklyWeeks), weeklyOn.getValue(),
                value(monthlyMonths), value(monthlyOnDay), value(yearlyYears), yearlyIn.getValue(), value(yearlyOnDay));
        showRetentionProblems(problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new RetentionRules(value(dailyDays), value(weeklyWeeks), weeklyOn.getValue(), value(monthlyMonths),
                value(monthlyOnDay), value(yearlyYears), yearlyIn.getValue(), value(yearlyOnDay));
    }

    NetworkThrottle networkThrottle() {
        clear(workKbps, nonWorkKbps, workDays, workStart, workEnd, uploads);
        if (!throttle.getValue()) {
            return null;
        }
        try {
            return new NetworkThrottle(value(workKbps), value(nonWorkKbps), new ArrayList<>(workDays.getValue()),
                    workStart.getValue(), workEnd.getValue(), value(uploads));
        } catch (IllegalArgumentException e) {
            // one message, at the field it concerns, as a sentence (the protocol's wording is lower-case, no stop)
            String message = Character.toUpperCase(e.getMessage().charAt(0)) + e.getMessage().substring(1)
                    + (e.getMessage().endsWith(".") ? "" : ".");
            invalid(throttleField(e.getMessage()), message);
            throw new InvalidInputException("throttle", message);
        }
    }

    /** The throttling field a {@link NetworkThrottle} refusal is about, told by the words the rule uses. */
    private HasValidation throttleField(String problem) {
        if (problem.startsWith("non-work hours")) {
            return nonWorkKbps;
        }
        if (problem.startsWith("work hours bandwidth")) {
            return workKbps;
        }
        if (problem.contains("work day")) {
            return workDays;
        }
        if (problem.startsWith("work start")) {
            return workStart;
        }
        if (problem.startsWith("concurrent uploads")) {
            return uploads;
        }
        return workEnd;
    }

    PolicyDraft draft() {
        return new PolicyDraft(name.getValue(), new ArrayList<>(AgentPolicy.ITEMS.stream()
                .filter(items.getValue()::contains).toList()), lines(include), lines(exclude), schedule(), retention(),
                networkThrottle());
    }

    /** Shows the service's problems beside the fields they name. */
    void show(InvalidInputException e) {
        show(e.problems());
    }

    private void show(Map<String, String> problems) {
        Map<String, HasValidation> fields = Map.ofEntries(Map.entry("name", name), Map.entry("items", items),
                Map.entry("include", include), Map.entry("dailyDays", dailyDays), Map.entry("weeklyWeeks", weeklyWeeks),
                Map.entry("weeklyOn", weeklyOn), Map.entry("monthlyMonths", monthlyMonths),
                Map.entry("monthlyOnDay", monthlyOnDay), Map.entry("yearlyYears", yearlyYears),
                Map.entry("yearlyIn", yearlyIn), Map.entry("yearlyOnDay", yearlyOnDay));
        problems.forEach((field, message) -> {
            HasValidation target = fields.get(field);
            if (target != null) {
                invalid(target, message);
            }
        });
    }

    private void refreshPreview() {
        try {
            RetentionRules rules = retention();
            BackupSchedule schedule = schedule();
            preview.setItems(policies.preview(schedule, rules));
        } catch (InvalidInputException e) {
            preview.setItems(List.of());
        }
    }

    private void showRetentionProblems(Map<String, String> problems) {
        clear(dailyDays, weeklyWeeks, weeklyOn, monthlyMonths, monthlyOnDay, yearlyYears, yearlyIn, yearlyOnDay);
        // once, at the field each concerns (no paragraph repeating them)
        show(problems);
    }

    private static void clear(HasValidation... fields) {
        for (HasValidation f : fields) {
            f.setInvalid(false);
            f.setErrorMessage(null);
        }
    }

    private static void invalid(HasValidation field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
    }

    private static int value(IntegerField field) {
        return field.getValue() == null ? 0 : field.getValue();
    }

    private static List<String> lines(TextArea area) {
        return area.isVisible() ? Arrays.stream(area.getValue().split("\\R")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList() : List.of();
    }
}
