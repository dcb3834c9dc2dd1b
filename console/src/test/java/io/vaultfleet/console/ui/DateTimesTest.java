package io.vaultfleet.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import com.vaadin.flow.component.datepicker.DatePicker;
import org.junit.jupiter.api.Test;

/** One date and time format: ISO order, with the zone named, in the viewer's zone (the console's outside a UI). */
class DateTimesTest {
    private static final Instant AT = Instant.parse("2027-01-06T13:05:09Z");

    @Test
    void aDateAndTimeIsInIsoOrderWithItsZoneNamed() {
        String zone = DateTimeFormatter.ofPattern("z", Locale.ENGLISH).withZone(ZoneId.systemDefault()).format(AT);
        String local = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault()).format(AT);
        assertThat(DateTimes.dateTime(AT)).isEqualTo(local + " " + zone).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\S+");
        assertThat(DateTimes.dateTimeMinutes(AT)).isEqualTo(local.substring(0, 16) + " " + zone);
        assertThat(DateTimes.time(AT)).isEqualTo(local.substring(11) + " " + zone);
        assertThat(DateTimes.date(AT)).isEqualTo(local.substring(0, 10));
    }

    @Test
    void nothingToShowIsEmptyNotNull() {
        assertThat(DateTimes.dateTime(null)).isEmpty();
        assertThat(DateTimes.date(null)).isEmpty();
        assertThat(DateTimes.time(null)).isEmpty();
    }

    @Test
    void datePickersTakeAndShowIsoDates() {
        DatePicker picker = DateTimes.isoDates(new DatePicker());
        assertThat(picker.getI18n().getDateFormats()).containsExactly("yyyy-MM-dd");
    }
}
