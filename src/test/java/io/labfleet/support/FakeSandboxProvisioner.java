package io.labfleet.support;

import io.labfleet.provisioner.ProgressListener;
import io.labfleet.provisioner.ProvisionedSandbox;
import io.labfleet.provisioner.ProvisioningException;
import io.labfleet.provisioner.RuntimeSandbox;
import io.labfleet.provisioner.RuntimeStatus;
import io.labfleet.provisioner.SandboxProvisioner;
import io.labfleet.provisioner.SandboxSpec;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Test double of the provisioner SPI for the API tests (backend {@code fake}): keeps "sandboxes" in a
 * map, and can be told to fail or to be unreachable. It passes the same contract as the real backends
 * ({@code FakeSandboxProvisionerContractTest}), so what the service's suites prove on it holds for them.
 */
@ApplicationScoped
@LookupIfProperty(name = "labfleet.provisioner.backend", stringValue = "fake")
public class FakeSandboxProvisioner implements SandboxProvisioner {

    private final Map<String, SandboxSpec> running = new ConcurrentHashMap<>();
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> resumes = new ConcurrentHashMap<>();
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> suspendCalls = new ConcurrentHashMap<>();
    private final Map<String, Integer> busyAsks = new ConcurrentHashMap<>();
    private final Set<String> busyOnceAsked = ConcurrentHashMap.newKeySet();
    private final Map<String, StopHold> stopHolds = new ConcurrentHashMap<>();
    private volatile long resumeMillis;
    private volatile boolean reachable = true;
    private volatile boolean lacksImageSeeding;
    private volatile String failWith;
    private final Map<String, Long> disk = new ConcurrentHashMap<>();
    private volatile Consumer<String> whileProvisioning = sandboxId -> {
    };
    private volatile Consumer<String> whileSeeding = sandboxId -> {
    };
    private volatile String failSeedingWith;
    private final Map<String, Integer> seeded = new ConcurrentHashMap<>();

    @Override
    public String backend() {
        return "fake";
    }

    /**
     * No exec: nothing runs in a fake sandbox (the gateway's and terminal's suites run on the Docker backend). A test
     * may take image seeding away ({@link #lackImageSeeding}), to play a backend that cannot seed.
     */
    @Override
    public Set<Capability> capabilities() {
        return lacksImageSeeding ? EnumSet.of(Capability.RESUME, Capability.SUSPEND, Capability.WARM_POOLS)
                : EnumSet.of(Capability.RESUME, Capability.SUSPEND, Capability.WARM_POOLS, Capability.IMAGE_SEEDING);
    }

    /** Whether this backend claims, from now on, that it cannot put images into a sandbox (a test puts it back). */
    public void lackImageSeeding(boolean lacks) {
        lacksImageSeeding = lacks;
    }

    @Override
    public ProvisionedSandbox provision(SandboxSpec spec, ProgressListener progress) {
        progress.onProgress("container", 50, "Fake container created");
        running.put(spec.sandboxId(), spec);
        whileProvisioning.accept(spec.sandboxId());
        if (failWith != null) {
            throw new ProvisioningException(failWith);
        }
        progress.onProgress("daemon", 100, "Fake daemon answers");
        return new ProvisionedSandbox("127.0.0.1", 2375);
    }

    /** Seeds nothing, after {@link #whileSeeding}'s action; fails as {@link #failSeedingWith} says. */
    @Override
    public void seedImages(SandboxSpec spec, ProvisionedSandbox runtime, ProgressListener progress) {
        if (lacksImageSeeding) {
            SandboxProvisioner.super.seedImages(spec, runtime, progress);
            return;
        }
        if (!running.containsKey(spec.sandboxId())) {
            throw new ProvisioningException("Sandbox " + spec.sandboxId() + " has no runtime to seed.");
        }
        seeded.merge(spec.sandboxId(), 1, Integer::sum);
        whileSeeding.accept(spec.sandboxId());
        if (failSeedingWith != null) {
            throw new ProvisioningException(failSeedingWith);
        }
        progress.onProgress("images", 100, spec.images().isEmpty() ? "The lab needs no images."
                : "Fake images seeded: " + String.join(", ", spec.images()));
    }

    @Override
    public ProvisionedSandbox resume(String sandboxId) {
        if (!running.containsKey(sandboxId)) {
            throw new ProvisioningException("Sandbox " + sandboxId + " has no runtime to start again.");
        }
        resumes.merge(sandboxId, 1, Integer::sum);
        if (resumeMillis > 0) {
            try {
                Thread.sleep(resumeMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stopped.remove(sandboxId);
        return new ProvisionedSandbox("127.0.0.1", 2375);
    }

    /** Stops the sandbox's runtime unless a test said containers run in it ({@link #runContainers}). */
    @Override
    public boolean suspend(String sandboxId) {
        suspendCalls.merge(sandboxId, 1, Integer::sum);
        if (!running.containsKey(sandboxId)) {
            throw new ProvisioningException("Sandbox " + sandboxId + " has no runtime to suspend.");
        }
        if (runs(sandboxId)) {
            return false;
        }
        StopHold hold = stopHolds.remove(sandboxId);
        if (hold != null) {
            hold.reached().countDown();
            try {
                if (!hold.released().await(20, TimeUnit.SECONDS)) {
                    throw new ProvisioningException("Sandbox " + sandboxId + ": the test never released its stop.");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stopped.add(sandboxId);
        return true;
    }

    /**
     * Holds the sandbox's next suspension in the middle of its stop (before the runtime is stopped), until the test
     * releases it: what a slow {@code docker stop} gives another replica time to do.
     */
    public StopHold holdNextStop(String sandboxId) {
        StopHold hold = new StopHold(new CountDownLatch(1), new CountDownLatch(1));
        stopHolds.put(sandboxId, hold);
        return hold;
    }

    /** A stop held by {@link #holdNextStop}: {@code reached} once it began, let go by counting {@code released} down. */
    public record StopHold(CountDownLatch reached, CountDownLatch released) {
    }

    @Override
    public boolean runsContainers(String sandboxId) {
        busyAsks.merge(sandboxId, 1, Integer::sum);
        if (!running.containsKey(sandboxId)) {
            throw new ProvisioningException("Sandbox " + sandboxId + " has no runtime.");
        }
        boolean runs = runs(sandboxId);
        if (busyOnceAsked.remove(sandboxId)) {
            busy.add(sandboxId);
        }
        return runs;
    }

    private boolean runs(String sandboxId) {
        return busy.contains(sandboxId) && !stopped.contains(sandboxId);
    }

    /**
     * The learner starts a container in the sandbox right after it was next asked whether one runs: what a
     * suspension's stop then finds.
     */
    public void runContainersOnceAsked(String sandboxId) {
        busyOnceAsked.add(sandboxId);
    }

    /** How many times the sandbox was asked whether containers run in it. */
    public int busyAsks(String sandboxId) {
        return busyAsks.getOrDefault(sandboxId, 0);
    }

    /** How many times the sandbox was asked to suspend. */
    public int suspendCalls(String sandboxId) {
        return suspendCalls.getOrDefault(sandboxId, 0);
    }

    /** How long a start of a stopped runtime takes from now on, as a real daemon's start does (0: at once). */
    public void resumeTakes(Duration duration) {
        resumeMillis = duration.toMillis();
    }

    /** Whether a learner's containers run in the sandbox from now on, which keeps it from being suspended. */
    public void runContainers(String sandboxId, boolean run) {
        if (run) {
            busy.add(sandboxId);
        } else {
            busy.remove(sandboxId);
        }
    }

    @Override
    public void deprovision(String sandboxId) {
        running.remove(sandboxId);
        stopped.remove(sandboxId);
        busy.remove(sandboxId);
        disk.remove(sandboxId);
    }

    @Override
    public RuntimeStatus status(String sandboxId) {
        if (!running.containsKey(sandboxId)) {
            return RuntimeStatus.ABSENT;
        }
        return stopped.contains(sandboxId) ? RuntimeStatus.STOPPED : RuntimeStatus.RUNNING;
    }

    @Override
    public List<RuntimeSandbox> listManaged() {
        return running.values().stream()
                .map(spec -> new RuntimeSandbox(spec.sandboxId(), spec.tenantId(), status(spec.sandboxId()))).toList();
    }

    /** Stops the sandbox's runtime, as its engine restarting would: {@link #resume} starts it again. */
    public void stop(String sandboxId) {
        if (running.containsKey(sandboxId)) {
            stopped.add(sandboxId);
        }
    }

    /** How many times the sandbox's runtime was started again. */
    public int resumes(String sandboxId) {
        return resumes.getOrDefault(sandboxId, 0);
    }

    @Override
    public boolean isReachable() {
        return reachable;
    }

    public boolean holds(String sandboxId) {
        return running.containsKey(sandboxId);
    }

    public SandboxSpec spec(String sandboxId) {
        return running.get(sandboxId);
    }

    public void setReachable(boolean reachable) {
        this.reachable = reachable;
    }

    @Override
    public Map<String, Long> diskUsage() {
        return Map.copyOf(disk);
    }

    /** Makes the sandbox report this much disk used ({@link #diskUsage()}); 0 forgets it. */
    public void useDisk(String sandboxId, long bytes) {
        if (bytes == 0) {
            disk.remove(sandboxId);
        } else {
            disk.put(sandboxId, bytes);
        }
    }

    /** Runs {@code action} with the sandbox's id while it is being provisioned (null: nothing). */
    public void whileProvisioning(Consumer<String> action) {
        this.whileProvisioning = action != null ? action : sandboxId -> {
        };
    }

    public void failProvisioningWith(String message) {
        this.failWith = message;
    }

    /** Runs {@code action} with the sandbox's id while its images are being seeded (null: nothing). */
    public void whileSeeding(Consumer<String> action) {
        this.whileSeeding = action != null ? action : sandboxId -> {
        };
    }

    /** Makes every seeding from now on fail with {@code message} (null: seedings succeed again). */
    public void failSeedingWith(String message) {
        this.failSeedingWith = message;
    }

    /** How many times the sandbox's images were seeded. */
    public int seedings(String sandboxId) {
        return seeded.getOrDefault(sandboxId, 0);
    }
}
