package io.labfleet.validation;

import io.labfleet.validation.check.HelperContainers;
import io.quarkus.narayana.jta.QuarkusTransaction;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The helpers of one sandbox as the database remembers them: read once when a run starts, and each new one stored
 * (committed at once) before it runs, so that a later run still leaves out its events.
 */
final class SandboxHelpers implements HelperContainers {

    private final String sandboxId;
    private final Clock clock;
    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    private SandboxHelpers(String sandboxId, Clock clock) {
        this.sandboxId = sandboxId;
        this.clock = clock;
    }

    static SandboxHelpers of(String sandboxId, Clock clock) {
        SandboxHelpers helpers = new SandboxHelpers(sandboxId, clock);
        helpers.ids.addAll(QuarkusTransaction.requiringNew().call(() -> ValidationHelper.idsIn(sandboxId)));
        return helpers;
    }

    @Override
    public boolean contains(String containerId) {
        return ids.contains(containerId);
    }

    @Override
    public void add(String containerId) {
        QuarkusTransaction.requiringNew().run(() -> {
            ValidationHelper helper = new ValidationHelper();
            helper.key = new ValidationHelper.Key(sandboxId, containerId);
            helper.createdAt = clock.instant();
            helper.persist();
        });
        ids.add(containerId);
    }
}
