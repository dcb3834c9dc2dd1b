package io.vaultfleet.agent.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SelectedPathsTest {
    @Test
    void anIncludeNamesAPathExactlyOrInItsShownForm() {
        String cafe = "/data/caf\uDCE9";
        assertThat(Restorer.selected(cafe + "/x", List.of("/data/caf\\xe9"))).isTrue();
        assertThat(Restorer.selected(cafe, List.of(cafe + "/"))).isTrue();
        assertThat(Restorer.selected("/data/caf\u00e9", List.of("/data/caf\\xe9"))).isFalse();
        assertThat(Restorer.selected("/data/cafe2", List.of("/data/caf"))).isFalse();
        assertThat(Restorer.selected("/anything", List.of())).isTrue();
    }
}
