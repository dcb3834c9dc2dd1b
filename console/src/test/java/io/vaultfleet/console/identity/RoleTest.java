package io.vaultfleet.console.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoleTest {
    @Test
    void ownerIncludesEveryRole() {
        assertThat(Role.OWNER.withIncluded()).containsExactly(Role.READER, Role.OPERATOR, Role.CONTRIBUTOR, Role.OWNER);
    }

    @Test
    void readerIncludesOnlyItself() {
        assertThat(Role.READER.withIncluded()).containsExactly(Role.READER);
        assertThat(Role.READER.includes(Role.OPERATOR)).isFalse();
    }

    @Test
    void operatorMayDoWhatReadersDoButNotWhatContributorsDo() {
        assertThat(Role.OPERATOR.includes(Role.READER)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.CONTRIBUTOR)).isFalse();
    }

    @Test
    void authoritiesCarryTheSpringRolePrefix() {
        assertThat(Role.CONTRIBUTOR.authority()).isEqualTo("ROLE_CONTRIBUTOR");
    }
}
