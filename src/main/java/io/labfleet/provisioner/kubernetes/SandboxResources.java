package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.api.model.Quantity;
import io.labfleet.config.KubernetesConfig;
import io.labfleet.provisioner.ResourceLimits;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests and limits of one sandbox pod: CPU and memory from the sandbox's limits, ephemeral storage from the
 * size of its Docker storage, and requests a configured share of the limits. Kubernetes has no per-pod
 * process limit in the pod spec: that one is the kubelet's {@code podPidsLimit}.
 */
record SandboxResources(Map<String, Quantity> requests, Map<String, Quantity> limits) {

    static final String CPU = "cpu";
    static final String MEMORY = "memory";
    static final String EPHEMERAL_STORAGE = "ephemeral-storage";

    static SandboxResources of(ResourceLimits limits, KubernetesConfig config) {
        long storageBytes = Quantity.getAmountInBytes(new Quantity(config.dockerStorage())).longValueExact();
        int percent = config.requestPercent();
        return new SandboxResources(
                amounts(share(limits.milliCpus(), percent), share(limits.memoryBytes(), percent), share(storageBytes, percent)),
                amounts(limits.milliCpus(), limits.memoryBytes(), storageBytes));
    }

    /** The requests and limits of {@code count} such sandboxes together, as quota keys ({@code limits.cpu}, ...). */
    Map<String, Quantity> quotaFor(int count) {
        Map<String, Quantity> hard = new LinkedHashMap<>();
        requests.forEach((resource, amount) -> hard.put("requests." + resource, times(amount, count)));
        limits.forEach((resource, amount) -> hard.put("limits." + resource, times(amount, count)));
        return hard;
    }

    private static Map<String, Quantity> amounts(long milliCpus, long memoryBytes, long storageBytes) {
        Map<String, Quantity> amounts = new LinkedHashMap<>();
        amounts.put(CPU, new Quantity(milliCpus + "m"));
        amounts.put(MEMORY, new Quantity(String.valueOf(memoryBytes)));
        amounts.put(EPHEMERAL_STORAGE, new Quantity(String.valueOf(storageBytes)));
        return amounts;
    }

    private static long share(long amount, int percent) {
        return Math.max(1, amount * percent / 100);
    }

    private static Quantity times(Quantity amount, int count) {
        return new Quantity(new BigDecimal(amount.getAmount()).multiply(BigDecimal.valueOf(count)).toPlainString(),
                amount.getFormat());
    }
}
