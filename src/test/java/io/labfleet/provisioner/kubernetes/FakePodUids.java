package io.labfleet.provisioner.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link PodUids} in memory, from the default pool's first uid on, lowest free uid first (the database leases behind
 * the real one are the Docker backend's, tested there).
 */
final class FakePodUids implements PodUids {

    static final int FIRST = 1_000_000_000;

    private final Map<String, Integer> held = new TreeMap<>();

    @Override
    public synchronized int claim(String sandboxId) {
        return held.computeIfAbsent(sandboxId, id -> {
            int uid = FIRST;
            while (held.containsValue(uid)) {
                uid++;
            }
            return uid;
        });
    }

    @Override
    public synchronized void release(String sandboxId) {
        held.remove(sandboxId);
    }

    @Override
    public synchronized List<String> sandboxesHolding() {
        return new ArrayList<>(held.keySet());
    }

    synchronized Map<String, Integer> held() {
        return Map.copyOf(held);
    }
}
