package io.labfleet.tenant;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuotasTest {

    private final Quotas quotas = new Quotas(5, 2, Duration.ofHours(4));
    private final Instant created = Instant.parse("2026-11-28T09:00:00Z");

    @Test
    void refusesTheSandboxBeyondTheTenantLimit() {
        quotas.checkNewSandbox(4, 0);
        assertThatThrownBy(() -> quotas.checkNewSandbox(5, 0))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                    assertThat(e.quota()).isEqualTo("max-active-sandboxes");
                    assertThat(e.limit()).isEqualTo(5);
                });
    }

    @Test
    void refusesTheSandboxBeyondTheLearnerLimit() {
        quotas.checkNewSandbox(0, 1);
        assertThatThrownBy(() -> quotas.checkNewSandbox(0, 2))
                .isInstanceOfSatisfying(QuotaExceededException.class,
                        e -> assertThat(e.quota()).isEqualTo("max-sandboxes-per-learner"));
    }

    @Test
    void capsTheInitialLifetimeAtTheTenantMaximum() {
        assertThat(quotas.initialExpiry(created, Duration.ofMinutes(90))).isEqualTo(created.plus(Duration.ofMinutes(90)));
        assertThat(quotas.initialExpiry(created, Duration.ofHours(10))).isEqualTo(created.plus(Duration.ofHours(4)));
    }
}
