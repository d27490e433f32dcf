package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.labfleet.config.KubernetesConfig;
import io.labfleet.provisioner.SandboxLabels;
import io.labfleet.provisioner.SandboxSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.Map;

/**
 * The objects of one sandbox, built without I/O: its pod (a Docker-in-Docker container isolated by the
 * configured profile, see {@link SandboxPodSecurity}, with the lab's images copied in by an init container) and
 * the NetworkPolicy that lets only the Labfleet service reach it and keeps it off the cluster's private ranges.
 * The policy is owned by the pod, so deleting the pod deletes it too.
 */
final class SandboxPodModel {

    static final String CONTAINER = "docker";
    static final String LAB_IMAGES_CONTAINER = "lab-images";
    static final String DOCKER_DATA_VOLUME = "docker-data";
    static final String LAB_IMAGES_VOLUME = "lab-images";
    /** Where the sandbox container finds the lab's image archives the init container copied. */
    static final String LAB_IMAGES_PATH = "/labfleet/lab-images";
    /** Where the lab-images image keeps its archives ({@code image/lab-images}). */
    static final String LAB_IMAGES_SOURCE = "/lab-images";
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
    static final String PRIVATE_RANGES_EXCEPTED_FROM = "0.0.0.0/0";
    static final int DNS_PORT = 53;
    /**
     * Copies each archive named in its arguments; a missing one fails the init container with a message the
     * kubelet reports ({@code /dev/termination-log}), which fails the sandbox with it.
     */
    static final String COPY_ARCHIVES = "for f in \"$@\"; do"
            + " if [ ! -f \"" + LAB_IMAGES_SOURCE + "/$f\" ]; then"
            + " echo \"the lab-images image has no archive $f: rebuild it (image/lab-images/build) with that image\""
            + " | tee /dev/termination-log >&2; exit 1; fi;"
            + " cp \"" + LAB_IMAGES_SOURCE + "/$f\" " + LAB_IMAGES_PATH + "/ || exit 1; done";

    private final KubernetesConfig config;
    private final TenantNamespaceModel tenantNamespace;
    private final SandboxPodSecurity security;

    /** @param userNamespaces whether rootless pods get a user namespace (resolved from {@code user-namespaces}) */
    SandboxPodModel(KubernetesConfig config, boolean userNamespaces) {
        this.config = config;
        this.tenantNamespace = new TenantNamespaceModel(config);
        this.security = new SandboxPodSecurity(config, userNamespaces);
    }

    /** Labels every object of the sandbox carries, with values Kubernetes accepts, and the installation's. */
    Map<String, String> labels(SandboxSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>();
        SandboxLabels.of(spec).forEach((key, value) -> labels.put(key, KubernetesNames.labelValue(value)));
        labels.put(SandboxLabels.INSTALLATION, KubernetesNames.labelValue(config.installation()));
        return labels;
    }

    /** Whether the sandbox's pod runs as a host uid the provisioner leases for it (rootless, no user namespaces). */
    boolean needsLeasedUid() {
        return security.needsLeasedUid();
    }

    /** @param leasedUid the sandbox's host uid, given exactly when {@link #needsLeasedUid()} */
    Pod pod(SandboxSpec spec, Instant now, OptionalLong leasedUid) {
        SandboxResources resources = SandboxResources.of(spec.limits(), config);
        Map<String, Quantity> limits = new LinkedHashMap<>(resources.limits());
        Map<String, Quantity> requests = new LinkedHashMap<>(resources.requests());
        config.tunDeviceResource().ifPresent(tun -> {
            limits.put(tun, new Quantity("1"));
            requests.put(tun, new Quantity("1"));
        });
        ObjectMetaBuilder metadata = metadata(spec);
        ContainerBuilder docker = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(config.image())
                .withImagePullPolicy(config.imagePullPolicy())
                .withArgs(config.registryMirror().map(mirror -> List.of("--registry-mirror=" + mirror)).orElse(List.of()))
                // docker:dind would otherwise serve TLS on 2376; the project's image ignores it.
                .addNewEnv().withName("DOCKER_TLS_CERTDIR").withValue("").endEnv()
                // The daemon's data goes where the emptyDir is, whichever the profile (the image's default is the same).
                .addNewEnv().withName(SandboxPodSecurity.DATA_ROOT_ENV).withValue(SandboxPodSecurity.DATA_PATH).endEnv()
                .addNewPort().withName("docker").withContainerPort(config.daemonPort()).withProtocol("TCP").endPort()
                .withNewResources().withRequests(requests).withLimits(limits).endResources()
                .withNewReadinessProbe()
                .withNewHttpGet().withPath("/_ping").withPort(new IntOrString(config.daemonPort())).endHttpGet()
                .withPeriodSeconds(2)
                .withTimeoutSeconds(2)
                .withFailureThreshold(3)
                .endReadinessProbe()
                .addNewVolumeMount().withName(DOCKER_DATA_VOLUME).withMountPath(SandboxPodSecurity.DATA_PATH).endVolumeMount();
        PodSpecBuilder podSpec = new PodSpecBuilder()
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                // Restarting the daemon in place keeps the learner's images (the emptyDir lives as long as the pod).
                .withRestartPolicy("Always")
                .withActiveDeadlineSeconds(activeDeadlineSeconds(spec, now))
                .addNewVolume()
                .withName(DOCKER_DATA_VOLUME)
                .withNewEmptyDir().withSizeLimit(new Quantity(config.dockerStorage())).endEmptyDir()
                .endVolume();
        List<String> archives = labImageArchives(spec);
        if (!archives.isEmpty()) {
            docker.addNewVolumeMount().withName(LAB_IMAGES_VOLUME).withMountPath(LAB_IMAGES_PATH).withReadOnly(true)
                    .endVolumeMount();
            podSpec.addNewVolume().withName(LAB_IMAGES_VOLUME).withNewEmptyDir().endEmptyDir().endVolume()
                    .addToInitContainers(labImagesContainer(archives));
        }
        security.apply(metadata, podSpec, docker, leasedUid);
        podSpec.addToContainers(docker.build());
        return new PodBuilder().withMetadata(metadata.build()).withSpec(podSpec.build()).build();
    }

    /** The archives of the lab's images the init container copies, for the {@code bundle} image source. */
    List<String> labImageArchives(SandboxSpec spec) {
        if (config.imageSource() != KubernetesConfig.ImageSource.BUNDLE) {
            return List.of();
        }
        return spec.images().stream().map(LabImageArchives::fileName).distinct().toList();
    }

    /** The home of the container's user, where a learner's shell starts. */
    String home() {
        return security.rootless() ? SandboxPodSecurity.ROOTLESS_HOME : "/root";
    }

    /**
     * The command, run in the sandbox container once its daemon answers, that gives the daemon the lab's images:
     * {@code docker load} of the archives the init container copied, or {@code docker pull} of each image.
     */
    List<String> seedCommand(SandboxSpec spec) {
        String docker = "docker -H tcp://127.0.0.1:" + config.daemonPort();
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c"));
        if (config.imageSource() == KubernetesConfig.ImageSource.BUNDLE) {
            command.addAll(List.of("for f in \"$@\"; do " + docker + " load -q -i " + LAB_IMAGES_PATH
                    + "/\"$f\" || exit 1; done", "load"));
            command.addAll(labImageArchives(spec));
        } else {
            command.addAll(List.of("for i in \"$@\"; do " + docker + " pull -q \"$i\" || exit 1; done", "pull"));
            command.addAll(spec.images().stream().distinct().toList());
        }
        return command;
    }

    private Container labImagesContainer(List<String> archives) {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", COPY_ARCHIVES, LAB_IMAGES_CONTAINER));
        command.addAll(archives);
        return new ContainerBuilder()
                .withName(LAB_IMAGES_CONTAINER)
                .withImage(config.labImagesImage())
                .withImagePullPolicy(config.imagePullPolicy())
                .withCommand(command)
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withSecurityContext(security.helperSecurityContext().build())
                .addNewVolumeMount().withName(LAB_IMAGES_VOLUME).withMountPath(LAB_IMAGES_PATH).endVolumeMount()
                .build();
    }

    /**
     * Admits the service's pods to every port (the daemon's, and those the learner publishes and reaches with
     * {@code ssh -L}) and nothing else; lets the sandbox reach the internet
     * (to pull images) and the cluster DNS, but none of the blocked ranges, where the cluster's nodes, pods
     * (other sandboxes included) and services live.
     */
    NetworkPolicy networkPolicy(SandboxSpec spec, Pod owner) {
        NetworkPolicyPeer service = new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(matching(Map.of(NAMESPACE_NAME_LABEL, config.serviceNamespace())))
                .withPodSelector(matching(KubernetesNames.selector(config.servicePodSelector())))
                .build();
        NetworkPolicyPeer dns = new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(new LabelSelector())
                .withPodSelector(matching(KubernetesNames.selector(config.dnsPodSelector())))
                .build();
        return new NetworkPolicyBuilder()
                .withMetadata(metadata(spec)
                        .withOwnerReferences(new OwnerReferenceBuilder()
                                .withApiVersion("v1")
                                .withKind("Pod")
                                .withName(owner.getMetadata().getName())
                                .withUid(owner.getMetadata().getUid())
                                .build())
                        .build())
                .withNewSpec()
                .withPodSelector(matching(Map.of(SandboxLabels.SANDBOX, spec.sandboxId())))
                .withPolicyTypes("Ingress", "Egress")
                .addNewIngress()
                .withFrom(service)
                .endIngress()
                .addNewEgress()
                .addNewTo()
                .withNewIpBlock().withCidr(PRIVATE_RANGES_EXCEPTED_FROM).withExcept(blockedEgress()).endIpBlock()
                .endTo()
                .endEgress()
                .addNewEgress()
                .withTo(dns)
                .withPorts(port("UDP", DNS_PORT), port("TCP", DNS_PORT))
                .endEgress()
                .endSpec()
                .build();
    }

    /** The configured blocked ranges and the cluster's Service range, once each. */
    List<String> blockedEgress() {
        Set<String> blocked = new LinkedHashSet<>(config.blockedEgressCidrs());
        config.serviceCidr().ifPresent(blocked::add);
        return List.copyOf(blocked);
    }

    /** Seconds from now until the latest moment the sandbox may live, plus a grace period; never less than that grace. */
    long activeDeadlineSeconds(SandboxSpec spec, Instant now) {
        Duration left = Duration.between(now, spec.latestExpiry());
        return (left.isNegative() ? Duration.ZERO : left).plus(config.deadlineGrace()).toSeconds();
    }

    /**
     * Name, namespace and labels of every object of the sandbox; the original tenant and learner ids are kept in
     * annotations of the same names as the labels, whose values may have been shortened.
     */
    private ObjectMetaBuilder metadata(SandboxSpec spec) {
        return new ObjectMetaBuilder()
                .withName(spec.sandboxId())
                .withNamespace(tenantNamespace.name(spec.tenantId()))
                .withLabels(labels(spec))
                .addToAnnotations(SandboxLabels.TENANT, spec.tenantId())
                .addToAnnotations(SandboxLabels.LEARNER, spec.learnerId());
    }

    private static LabelSelector matching(Map<String, String> labels) {
        return new LabelSelectorBuilder().withMatchLabels(labels).build();
    }

    private static NetworkPolicyPort port(String protocol, int port) {
        return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(new IntOrString(port)).build();
    }
}
