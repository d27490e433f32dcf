package io.labfleet.validation.check;

import java.math.BigDecimal;
import java.util.OptionalDouble;

/**
 * A CPU limit in cores. {@code --cpus 0.5} (and compose's {@code cpus}) set NanoCpus; {@code --cpu-quota 50000
 * --cpu-period 100000} set a CFS quota: both mean half a core, and both are accepted.
 */
public final class CpuLimit {

    private static final long DEFAULT_CFS_PERIOD = 100_000;
    private static final double TOLERANCE = 0.001;

    private CpuLimit() {
    }

    /** A limit written in cores ({@code 0.5}, {@code 2}). */
    public static double parse(Object value) {
        try {
            double cores = new BigDecimal(String.valueOf(value).trim()).doubleValue();
            if (cores <= 0) {
                throw new NumberFormatException();
            }
            return cores;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a number of CPUs like 0.5 or 2");
        }
    }

    /** The container's limit in cores, however it was set; empty when it has none. */
    public static OptionalDouble of(ContainerFacts.Limits limits) {
        if (limits.nanoCpus() > 0) {
            return OptionalDouble.of(limits.nanoCpus() / 1e9);
        }
        if (limits.cpuQuota() > 0) {
            long period = limits.cpuPeriod() > 0 ? limits.cpuPeriod() : DEFAULT_CFS_PERIOD;
            return OptionalDouble.of((double) limits.cpuQuota() / period);
        }
        return OptionalDouble.empty();
    }

    public static boolean same(double a, double b) {
        return Math.abs(a - b) < TOLERANCE;
    }

    public static String format(double cores) {
        return BigDecimal.valueOf(cores).stripTrailingZeros().toPlainString();
    }
}
