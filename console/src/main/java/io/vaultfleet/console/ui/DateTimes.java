package io.vaultfleet.console.ui;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.datepicker.DatePicker;

/**
 * The one way the console shows a date and time: ISO order ({@code 2027-01-06 14:05:09}), in the time zone of the
 * browser looking at it, with the zone named ({@code CET}, {@code UTC}), so "1/6/2027" beside "2027-01-06" and
 * unlabelled server-zone times do not happen. Texts stored for later (alert reasons, e-mails, file names) say UTC
 * themselves and do not use this class.
 */
public final class DateTimes {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z",
            Locale.ENGLISH);
    private static final DateTimeFormatter DATE_TIME_MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z",
            Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss z", Locale.ENGLISH);

    private DateTimes() {
    }

    /**
     * The browser's time zone (Vaadin reads it when the UI starts); the console's own zone outside a UI or when the
     * browser did not say.
     */
    public static ZoneId zone() {
        UI ui = UI.getCurrent();
        if (ui != null) {
            var details = ui.getPage().getExtendedClientDetails();
            String id = details == null ? null : details.getTimeZoneId();
            if (id != null && !id.isBlank()) {
                try {
                    return ZoneId.of(id);
                } catch (DateTimeException unknown) {
                    // a zone name this JVM does not know: fall back below rather than fail the view
                }
            }
        }
        return ZoneId.systemDefault();
    }

    /** {@code 2027-01-06 14:05:09 CET}; empty for null. */
    public static String dateTime(Instant at) {
        return at == null ? "" : DATE_TIME.withZone(zone()).format(at);
    }

    /** {@code 2027-01-06 14:05 CET}, for planned times where seconds mean nothing; empty for null. */
    public static String dateTimeMinutes(Instant at) {
        return at == null ? "" : DATE_TIME_MINUTES.withZone(zone()).format(at);
    }

    /** {@code 2027-01-06} in the browser's zone; empty for null. */
    public static String date(Instant at) {
        return at == null ? "" : DATE.withZone(zone()).format(at);
    }

    /** {@code 14:05:09 CET}, for today's events (notifications); empty for null. */
    public static String time(Instant at) {
        return at == null ? "" : TIME.withZone(zone()).format(at);
    }

    /** The formatter {@link #dateTime} uses, for code that takes a formatter. */
    public static DateTimeFormatter formatter() {
        return DATE_TIME.withZone(zone());
    }

    /** Makes a date picker show and take dates as the rest of the console shows them ({@code 2027-01-06}). */
    public static <T extends DatePicker> T isoDates(T picker) {
        DatePicker.DatePickerI18n i18n = new DatePicker.DatePickerI18n();
        i18n.setDateFormat("yyyy-MM-dd");
        picker.setI18n(i18n);
        return picker;
    }
}
