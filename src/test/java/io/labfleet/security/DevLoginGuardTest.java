package io.labfleet.security;

import io.quarkus.runtime.LaunchMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevLoginGuardTest {

    @Test
    void productionRefusesToStartWithTheDevLogin() {
        assertThatThrownBy(() -> DevLoginGuard.verify(LaunchMode.NORMAL, true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("development only");
    }

    @Test
    void developmentAndProductionWithoutItStart() {
        assertThatCode(() -> DevLoginGuard.verify(LaunchMode.DEVELOPMENT, true)).doesNotThrowAnyException();
        assertThatCode(() -> DevLoginGuard.verify(LaunchMode.NORMAL, false)).doesNotThrowAnyException();
    }
}
