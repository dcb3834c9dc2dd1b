package io.vaultfleet.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void durationsInTheLargestTwoUnitsWithoutAZeroSecondPart() {
        assertThat(Formats.duration(Duration.ZERO)).isEqualTo("0 s");
        assertThat(Formats.duration(Duration.ofSeconds(59))).isEqualTo("59 s");
        assertThat(Formats.duration(Duration.ofSeconds(242))).isEqualTo("4 min 2 s");
        assertThat(Formats.duration(Duration.ofMinutes(4))).isEqualTo("4 min");
        assertThat(Formats.duration(Duration.ofMinutes(90))).isEqualTo("1 h 30 min");
        assertThat(Formats.duration(Duration.ofHours(2))).isEqualTo("2 h");
        assertThat(Formats.duration(Duration.ofHours(2).plusSeconds(59))).as("seconds below an hour's minutes")
                .isEqualTo("2 h");
        assertThat(Formats.duration(Duration.ofHours(76))).isEqualTo("3 d 4 h");
        assertThat(Formats.duration(Duration.ofDays(14))).isEqualTo("14 d");
    }

    @Test
    void sizesInBinaryUnits() {
        assertThat(Formats.bytes(0)).isEqualTo("0 B");
        assertThat(Formats.bytes(812)).isEqualTo("812 B");
        assertThat(Formats.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Formats.bytes(Long.MAX_VALUE)).endsWith(" PiB");
    }
}
