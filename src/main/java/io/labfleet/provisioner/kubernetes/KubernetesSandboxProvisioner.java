package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.labfleet.config.KubernetesConfig;
import io.labfleet.config.LabfleetConfig;
import io.labfleet.provisioner.BackendUnavailableException;
import io.labfleet.provisioner.ProgressListener;
import io.labfleet.provisioner.ProvisionedSandbox;
import io.labfleet.provisioner.ProvisionerSelector;
import io.labfleet.provisioner.ProvisioningException;
import io.labfleet.provisioner.RuntimeSandbox;
import io.labfleet.provisioner.RuntimeStatus;
import io.labfleet.provisioner.SandboxLabels;
import io.labfleet.provisioner.SandboxProcess;
import io.labfleet.provisioner.SandboxProvisioner;
import io.labfleet.provisioner.SandboxSpec;
import io.labfleet.provisioner.ShellRequest;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs each sandbox as a pod in its tenant's namespace on a Kubernetes cluster (fabric8 client). The tenant's
 * namespace is made on demand with the RoleBinding that gives the service its rights there, its quota and a
 * deny-all default policy; each sandbox gets a pod and a NetworkPolicy owned by that pod. Cluster-wide, the
 * service only reads, makes and labels namespaces and binds its sandbox role: it never looks for pods outside
 * the namespaces it made. Readiness comes from a watch on the pod (the kubelet probes the daemon's
 * {@code /_ping}); the service reaches the daemon at the pod's IP.
 */
@ApplicationScoped
@LookupIfProperty(name = ProvisionerSelector.BACKEND_PROPERTY, stringValue = KubernetesSandboxProvisioner.BACKEND)
public class KubernetesSandboxProvisioner implements SandboxProvisioner {

    public static final String BACKEND = "kubernetes";
    private static final Logger LOG = Logger.getLogger(KubernetesSandboxProvisioner.class);
    private static final Duration BINDING_PROPAGATION = Duration.ofSeconds(10);
    private static final Duration BINDING_RETRY = Duration.ofMillis(250);

    private final KubernetesClient client;
    private final KubernetesConfig config;
    private final Duration readyTimeout;
    private final Clock clock;
    private final TenantNamespaceModel tenantNamespace;
    private final PodUids uids;
    /** Built on first use: whether pods get user namespaces may depend on the API server's version. */
    private volatile SandboxPodModel sandboxPod;
    /** Labels of everything this installation makes: the provisioner never looks at other objects. */
    private final Map<String, String> ours;

    @Inject
    KubernetesSandboxProvisioner(KubernetesClient client, KubernetesConfig config, LabfleetConfig labfleet, Clock clock,
                                 PodUids uids) {
        this(client, config, labfleet.sandbox().provisioningTimeout(), clock, uids);
    }

    KubernetesSandboxProvisioner(KubernetesClient client, KubernetesConfig config, Duration readyTimeout, Clock clock,
                                 PodUids uids) {
        this.client = client;
        this.config = config;
        this.uids = uids;
        this.readyTimeout = readyTimeout;
        this.clock = clock;
        this.tenantNamespace = new TenantNamespaceModel(config);
        // A wrong profile name fails the start, not the first sandbox.
        SandboxPodSecurity.appArmorProfile(config.apparmorProfile());
        this.ours = Map.of(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGER,
                SandboxLabels.INSTALLATION, KubernetesNames.labelValue(config.installation()));
    }

    @Override
    public String backend() {
        return BACKEND;
    }

    /** No warm pools (a sandbox lives in its tenant's namespace), no resume (a stopped pod is not started again). */
    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.EXEC, Capability.IMAGE_SEEDING);
    }

    @Override
    public ProvisionedSandbox provision(SandboxSpec spec, ProgressListener progress) {
        return calling("create sandbox " + spec.sandboxId(), () -> {
            String namespace = ensureTenantNamespace(spec);
            progress.onProgress("namespace", 20, "Namespace " + namespace + " holds the tenant's sandboxes and quota");
            // A pod of this sandbox that exists already is the one an earlier attempt made: it is kept as it is.
            SandboxPodModel model = sandboxPod();
            OptionalLong uid = model.needsLeasedUid() ? OptionalLong.of(uids.claim(spec.sandboxId())) : OptionalLong.empty();
            Pod pod = createIfAbsent(model.pod(spec, clock.instant(), uid));
            progress.onProgress("pod", 40, "Pod " + namespace + "/" + spec.sandboxId() + " is created");
            ensure(model.networkPolicy(spec, pod), NetworkPolicy::getSpec, NetworkPolicy::setSpec);
            progress.onProgress("network-policy", 50, "Only the Labfleet service may reach it");
            Pod ready = awaitDaemon(pod);
            LOG.infof("Sandbox %s runs in pod %s/%s at %s", spec.sandboxId(), namespace, spec.sandboxId(),
                    ready.getStatus().getPodIP());
            progress.onProgress("daemon", 100, "Its Docker daemon answers");
            return new ProvisionedSandbox(ready.getStatus().getPodIP(), config.daemonPort());
        });
    }

    @Override
    public void deprovision(String sandboxId) {
        calling("remove sandbox " + sandboxId, () -> {
            List<Pod> pods = sandboxPods(sandboxId);
            for (Pod pod : pods) {
                podResource(pod).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            }
            // The garbage collector removes the policy with its pod; deleting it here too leaves nothing behind
            // where it lags, and removes a policy whose pod was never made.
            for (NetworkPolicy policy : sandboxPolicies(sandboxId)) {
                client.network().v1().networkPolicies().inNamespace(policy.getMetadata().getNamespace())
                        .withName(policy.getMetadata().getName()).delete();
            }
            for (Pod pod : pods) {
                awaitGone(pod);
            }
            // Only once no process of the sandbox can still run as it, whichever profile the pod had.
            uids.release(sandboxId);
            LOG.infof("Sandbox %s: removed %d pod(s) and their policies", sandboxId, pods.size());
            return null;
        });
    }

    @Override
    public RuntimeStatus status(String sandboxId) {
        return calling("look up sandbox " + sandboxId, () -> {
            List<Pod> pods = sandboxPods(sandboxId);
            if (!pods.isEmpty()) {
                return PodReadiness.runtimeStatus(pods.get(0));
            }
            return sandboxPolicies(sandboxId).isEmpty() ? RuntimeStatus.ABSENT : RuntimeStatus.STOPPED;
        });
    }

    @Override
    public List<RuntimeSandbox> listManaged() {
        return calling("list sandboxes", () -> {
            Map<String, RuntimeSandbox> found = new TreeMap<>();
            for (String namespace : ourNamespaces()) {
                for (Pod pod : client.pods().inNamespace(namespace).withLabels(ours).withLabel(SandboxLabels.SANDBOX)
                        .list().getItems()) {
                    found.put(sandboxIdOf(pod), runtimeSandbox(pod, PodReadiness.runtimeStatus(pod)));
                }
                for (NetworkPolicy policy : client.network().v1().networkPolicies().inNamespace(namespace)
                        .withLabels(ours).withLabel(SandboxLabels.SANDBOX).list().getItems()) {
                    found.putIfAbsent(sandboxIdOf(policy), runtimeSandbox(policy, RuntimeStatus.STOPPED));
                }
            }
            // A crash between the uid's lease and the pod leaves the lease alone: listed too, the reconciler's
            // teardown gives it back once the sandbox is over.
            uids.sandboxesHolding().forEach(holder -> found.putIfAbsent(holder,
                    new RuntimeSandbox(holder, null, RuntimeStatus.ABSENT)));
            return new ArrayList<>(found.values());
        });
    }

    /**
     * A shell or command in the sandbox pod's Docker container, through the pod exec API (the service's rights to
     * it come from the RoleBinding in the tenant's namespace). It runs as the container's user: the sandbox's own
     * unprivileged uid in the rootless profile.
     */
    @Override
    public SandboxProcess exec(String sandboxId, ShellRequest request) {
        return calling("open a shell in sandbox " + sandboxId, () -> {
            Pod pod = sandboxPods(sandboxId).stream().filter(candidate -> PodReadiness.runtimeStatus(candidate)
                    == RuntimeStatus.RUNNING).findFirst().orElseThrow(() -> new ProvisioningException(
                    "The sandbox's pod is not running; it may have expired."));
            SandboxPodModel model = sandboxPod();
            return KubernetesSandboxShell.start(podResource(pod), SandboxPodModel.CONTAINER,
                    KubernetesSandboxShell.commandLine(request, model.home(), config.daemonPort()), request);
        });
    }

    @Override
    public boolean isReachable() {
        try {
            return client.getKubernetesVersion() != null;
        } catch (KubernetesClientException e) {
            LOG.debugf(e, "The Kubernetes API server does not answer");
            return false;
        }
    }

    /**
     * Makes the tenant's namespace, quota, limits and deny-all policy, or brings them up to date. A namespace of
     * that name that this installation did not make (the service's own, a tenant named like a system namespace,
     * another installation's) is left alone: taking it over would put quotas and a deny-all policy on whatever
     * runs there.
     */
    private String ensureTenantNamespace(SandboxSpec spec) {
        Namespace desired = tenantNamespace.namespace(spec.tenantId());
        String name = desired.getMetadata().getName();
        if (name.equals(config.serviceNamespace())
                || !labelsOf(createIfAbsent(desired)).entrySet().containsAll(ours.entrySet())) {
            throw new ProvisioningException("Namespace " + name + " for tenant " + spec.tenantId()
                    + " exists and was not made by this Labfleet installation; it is left alone. Rename the tenant"
                    + " or change labfleet.kubernetes.namespace-prefix.");
        }
        Namespace namespace = ensureLabelled(desired);
        ensureRoleBinding(tenantNamespace.roleBinding(spec.tenantId()));
        // Everything below is allowed by that RoleBinding, which the API server's authorizer may take a moment to see.
        whileBindingPropagates(() -> ensure(tenantNamespace.resourceQuota(spec), ResourceQuota::getSpec,
                ResourceQuota::setSpec));
        ensure(tenantNamespace.limitRange(spec), LimitRange::getSpec, LimitRange::setSpec);
        ensure(tenantNamespace.defaultDeny(spec.tenantId()), NetworkPolicy::getSpec, NetworkPolicy::setSpec);
        return namespace.getMetadata().getName();
    }

    /**
     * Creates the RoleBinding that gives the service its rights in the namespace; one that exists is kept. The
     * service may create RoleBindings but not read or change them: an existing binding that no longer names it
     * (another service account) shows as refused calls, which the error tells to check the chart's RBAC for.
     */
    private void ensureRoleBinding(RoleBinding desired) {
        try {
            client.resource(desired).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }

    /** Retries {@code call} while it is forbidden, for a few seconds: RBAC changes reach the authorizer shortly after. */
    private void whileBindingPropagates(Runnable call) {
        long deadline = System.nanoTime() + BINDING_PROPAGATION.toNanos();
        while (true) {
            try {
                call.run();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_FORBIDDEN || System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.debugf("Not yet allowed in the new tenant namespace, retrying: %s", e.getMessage());
                pause(BINDING_RETRY);
            }
        }
    }

    /**
     * Loads the lab's images into the sandbox's daemon, by a command in its container: from the archives the init
     * container copied ({@code bundle}) or pulled by the daemon ({@code pull}).
     */
    @Override
    public void seedImages(SandboxSpec spec, ProvisionedSandbox runtime, ProgressListener progress) {
        List<String> images = spec.images().stream().distinct().toList();
        if (images.isEmpty()) {
            progress.onProgress("images", 100, "The lab needs no images.");
            return;
        }
        List<String> command = sandboxPod().seedCommand(spec);
        // The pod that answered at the runtime's address: not one of the same name made since in its place.
        String namespace = tenantNamespace.namespace(spec.tenantId()).getMetadata().getName();
        PodCommand.Result result = calling("put the lab's images into sandbox " + spec.sandboxId(), () -> {
            PodResource pod = client.pods().inNamespace(namespace).withName(spec.sandboxId());
            Pod found = pod.get();
            if (found == null || found.getStatus() == null
                    || !runtime.daemonHost().equals(found.getStatus().getPodIP())) {
                throw new ProvisioningException("Sandbox " + spec.sandboxId() + " has no pod at " + runtime.daemonHost()
                        + " to put the lab's images in.");
            }
            return PodCommand.run(pod, SandboxPodModel.CONTAINER, command, readyTimeout);
        });
        if (result.exitCode() != 0) {
            throw new ProvisioningException("The lab's images " + images + " could not be "
                    + (config.imageSource() == KubernetesConfig.ImageSource.BUNDLE
                    ? "loaded from " + config.labImagesImage() : "pulled") + ": " + result.describe()
                    + (config.imageSource() == KubernetesConfig.ImageSource.PULL
                    ? " Check the sandbox's registry (labfleet.kubernetes.registry-mirror)." : ""));
        }
        progress.onProgress("images", 100, "Images ready: " + String.join(", ", images) + " ("
                + config.imageSource().name().toLowerCase(Locale.ROOT) + ").");
    }

    /** The pod model, with user namespaces resolved the first time it is needed (it may ask the API server). */
    private SandboxPodModel sandboxPod() {
        SandboxPodModel model = sandboxPod;
        if (model == null) {
            boolean userNamespaces = switch (config.userNamespaces()) {
                case ENABLED -> true;
                case DISABLED -> false;
                case AUTO -> UserNamespaceSupport.apiServerHasThem(client.getKubernetesVersion());
            };
            LOG.infof("Sandbox pods: isolation %s, %s", config.isolation().name().toLowerCase(Locale.ROOT),
                    userNamespaces ? "user namespaces (hostUsers: false)" : "no user namespaces");
            model = new SandboxPodModel(config, userNamespaces);
            sandboxPod = model;
        }
        return model;
    }

    /** Like {@link #ensure}, for objects of which only the labels are kept up to date. */
    private <T extends HasMetadata> T ensureLabelled(T desired) {
        return ensure(desired, object -> null, (object, nothing) -> {
        });
    }

    /**
     * Creates {@code desired}, or brings the existing object's labels and spec up to date when they differ.
     * Safe against another replica doing the same at the same time.
     */
    private <T extends HasMetadata, S> T ensure(T desired, Function<T, S> spec, BiConsumer<T, S> setSpec) {
        T current = createIfAbsent(desired);
        Map<String, String> labels = desired.getMetadata().getLabels();
        if (Objects.equals(spec.apply(current), spec.apply(desired))
                && labelsOf(current).entrySet().containsAll(labels.entrySet())) {
            return current;
        }
        LOG.infof("Updating %s %s to the desired state", desired.getKind(), desired.getMetadata().getName());
        // Edited from the object as read, so that the patch holds exactly what differs from it.
        return client.resource(current).edit(existing -> {
            Map<String, String> merged = new TreeMap<>(labelsOf(existing));
            merged.putAll(labels);
            existing.getMetadata().setLabels(merged);
            setSpec.accept(existing, spec.apply(desired));
            return existing;
        });
    }

    /** The object as it exists, created from {@code desired} if it did not, by this replica or another one. */
    private <T extends HasMetadata> T createIfAbsent(T desired) {
        Resource<T> resource = client.resource(desired);
        T current = resource.get();
        if (current != null) {
            return current;
        }
        try {
            T created = resource.create();
            LOG.debugf("Created %s %s", desired.getKind(), desired.getMetadata().getName());
            return created;
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            return resource.get();
        }
    }

    private Pod awaitDaemon(Pod pod) {
        Resource<Pod> resource = podResource(pod);
        Pod settled;
        try {
            settled = resource.waitUntilCondition(candidate -> PodReadiness.of(candidate).settled(),
                    readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            throw new ProvisioningException("The sandbox's Docker daemon did not answer within " + readyTimeout + ": "
                    + PodReadiness.of(resource.get()).description() + ".");
        }
        PodReadiness readiness = PodReadiness.of(settled);
        if (readiness.outcome() == PodReadiness.Outcome.FAILED) {
            throw new ProvisioningException("The sandbox could not start: " + readiness.description() + ".");
        }
        return settled;
    }

    private void awaitGone(Pod pod) {
        String uid = pod.getMetadata().getUid();
        try {
            podResource(pod).waitUntilCondition(current -> current == null || !uid.equals(current.getMetadata().getUid()),
                    config.deleteTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            throw new ProvisioningException("Pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName()
                    + " is still terminating after " + config.deleteTimeout() + "; its removal will be retried.");
        }
    }

    private PodResource podResource(Pod pod) {
        return client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName());
    }

    /**
     * The tenant namespaces this installation made. The service may list pods and policies only inside them (it
     * has no cluster-wide pod rights), so every search for a sandbox goes through them.
     */
    private List<String> ourNamespaces() {
        return client.namespaces().withLabels(ours).list().getItems().stream()
                .map(namespace -> namespace.getMetadata().getName()).toList();
    }

    private List<Pod> sandboxPods(String sandboxId) {
        List<Pod> pods = new ArrayList<>();
        for (String namespace : ourNamespaces()) {
            pods.addAll(client.pods().inNamespace(namespace).withLabels(ours).withLabel(SandboxLabels.SANDBOX, sandboxId)
                    .list().getItems());
        }
        return pods;
    }

    private List<NetworkPolicy> sandboxPolicies(String sandboxId) {
        List<NetworkPolicy> policies = new ArrayList<>();
        for (String namespace : ourNamespaces()) {
            policies.addAll(client.network().v1().networkPolicies().inNamespace(namespace).withLabels(ours)
                    .withLabel(SandboxLabels.SANDBOX, sandboxId).list().getItems());
        }
        return policies;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("Interrupted while waiting for the tenant namespace's RoleBinding.", e);
        }
    }

    private static String sandboxIdOf(HasMetadata object) {
        return object.getMetadata().getLabels().get(SandboxLabels.SANDBOX);
    }

    /** The tenant as written in the annotation: its label may have been shortened to fit. */
    private static RuntimeSandbox runtimeSandbox(HasMetadata object, RuntimeStatus status) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        String tenant = annotations == null ? null : annotations.get(SandboxLabels.TENANT);
        return new RuntimeSandbox(sandboxIdOf(object),
                tenant != null ? tenant : object.getMetadata().getLabels().get(SandboxLabels.TENANT), status);
    }

    private static Map<String, String> labelsOf(HasMetadata object) {
        return object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels();
    }

    /** Runs a call to the API server and turns its failures into exceptions that say what to do. */
    private <T> T calling(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientTimeoutException e) {
            throw new ProvisioningException("Could not " + what + ": " + e.getMessage(), e);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 0 || e.getCause() instanceof IOException) {
                throw new BackendUnavailableException("The Kubernetes API server does not answer, so Labfleet could not "
                        + what + ": " + e.getMessage());
            }
            String message = e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage() : e.getMessage();
            if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN && message.contains("exceeded quota")) {
                throw new ProvisioningException("The tenant's namespace has no room for another sandbox: " + message, e);
            }
            if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
                throw new ProvisioningException("Labfleet's service account may not " + what
                        + " (check the chart's RBAC): " + message, e);
            }
            throw new ProvisioningException("Kubernetes refused to " + what + ": " + message, e);
        }
    }
}
