package io.labfleet.sandbox;

import io.labfleet.provisioner.ProgressListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Where one provisioning's time went: each step lasts from the end of the one before (or the job's start) until the
 * backend reports it done, and is recorded as {@code labfleet.sandbox.provisioning.step{step=...}}, the metric
 * {@code bench/provision} reads to print the breakdown of a cold create. Step names are the backend's progress steps
 * ({@code network}, {@code container}, {@code daemon}, {@code images} on Docker) and the job's own ({@code queued}:
 * from the create until a worker took it; {@code setup}: the lab's starting state; {@code ready}: the state's commit).
 */
final class ProvisioningSteps {

    static final String METRIC = "labfleet.sandbox.provisioning.step";

    private final MeterRegistry metrics;
    private final LongSupplier nanoTime;
    private final Map<String, Long> millis = new LinkedHashMap<>();
    private long stepStart;

    ProvisioningSteps(MeterRegistry metrics, LongSupplier nanoTime) {
        this.metrics = metrics;
        this.nanoTime = nanoTime;
        this.stepStart = nanoTime.getAsLong();
    }

    static ProvisioningSteps start(MeterRegistry metrics) {
        return new ProvisioningSteps(metrics, System::nanoTime);
    }

    /** Records a step that ended before this job started (the time the request waited for a worker). */
    void recordEarlier(String step, Duration took) {
        record(step, Math.max(0, took.toNanos()));
    }

    /** The step that just ended; the next one starts now. */
    void ended(String step) {
        long now = nanoTime.getAsLong();
        record(step, now - stepStart);
        stepStart = now;
    }

    /** Passes the backend's progress on to {@code next}, ending a step at each report. */
    ProgressListener listener(ProgressListener next) {
        return (step, percent, message) -> {
            ended(step);
            next.onProgress(step, percent, message);
        };
    }

    /** {@code network 120 ms, container 410 ms, ...}, in the order the steps ended, for the provisioning log. */
    String summary() {
        return millis.entrySet().stream().map(step -> step.getKey() + " " + step.getValue() + " ms")
                .collect(Collectors.joining(", "));
    }

    private void record(String step, long nanos) {
        millis.merge(step, Duration.ofNanos(nanos).toMillis(), Long::sum);
        Timer.builder(METRIC).tag("step", step)
                .description("How long each step of a sandbox's provisioning took")
                .register(metrics).record(Duration.ofNanos(nanos));
    }
}
