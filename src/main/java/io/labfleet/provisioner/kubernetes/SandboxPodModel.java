package io.labfleet.provisioner.kubernetes;

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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The objects of one sandbox, built without I/O: its pod (a Docker-in-Docker container isolated by the
 * configured profile) and the NetworkPolicy that lets only the Labfleet service reach its daemon and keeps it
 * off the cluster's private ranges. The policy is owned by the pod, so deleting the pod deletes it too.
 */
final class SandboxPodModel {

    static final String CONTAINER = "docker";
    static final String DOCKER_DATA_VOLUME = "docker-data";
    static final String DOCKER_DATA_PATH = "/var/lib/docker";
    /** CRI-O's request for a user namespace, which sysbox's Kubernetes guide puts on every sysbox pod. */
    static final String CRIO_USERNS_MODE = "io.kubernetes.cri-o.userns-mode";
    static final String CRIO_USERNS_MODE_VALUE = "auto:size=65536";
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
    static final String PRIVATE_RANGES_EXCEPTED_FROM = "0.0.0.0/0";
    static final int DNS_PORT = 53;

    private final KubernetesConfig config;
    private final TenantNamespaceModel tenantNamespace;

    SandboxPodModel(KubernetesConfig config) {
        this.config = config;
        this.tenantNamespace = new TenantNamespaceModel(config);
    }

    /** Labels every object of the sandbox carries, with values Kubernetes accepts, and the installation's. */
    Map<String, String> labels(SandboxSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>();
        SandboxLabels.of(spec).forEach((key, value) -> labels.put(key, KubernetesNames.labelValue(value)));
        labels.put(SandboxLabels.INSTALLATION, KubernetesNames.labelValue(config.installation()));
        return labels;
    }

    Pod pod(SandboxSpec spec, Instant now) {
        SandboxResources resources = SandboxResources.of(spec.limits(), config);
        ObjectMetaBuilder metadata = metadata(spec);
        PodSpecBuilder podSpec = new PodSpecBuilder()
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                // Restarting the daemon in place keeps the learner's images (the emptyDir lives as long as the pod).
                .withRestartPolicy("Always")
                .withActiveDeadlineSeconds(activeDeadlineSeconds(spec, now))
                .addNewContainer()
                .withName(CONTAINER)
                .withImage(config.image())
                .withImagePullPolicy(config.imagePullPolicy())
                // docker:dind would otherwise serve TLS on 2376; the project's image ignores it.
                .addNewEnv().withName("DOCKER_TLS_CERTDIR").withValue("").endEnv()
                .addNewPort().withName("docker").withContainerPort(config.daemonPort()).withProtocol("TCP").endPort()
                .withNewResources().withRequests(resources.requests()).withLimits(resources.limits()).endResources()
                .withNewReadinessProbe()
                .withNewHttpGet().withPath("/_ping").withPort(new IntOrString(config.daemonPort())).endHttpGet()
                .withPeriodSeconds(2)
                .withTimeoutSeconds(2)
                .withFailureThreshold(3)
                .endReadinessProbe()
                .addNewVolumeMount().withName(DOCKER_DATA_VOLUME).withMountPath(DOCKER_DATA_PATH).endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName(DOCKER_DATA_VOLUME)
                .withNewEmptyDir().withSizeLimit(new Quantity(config.dockerStorage())).endEmptyDir()
                .endVolume();
        switch (config.isolation()) {
            case PRIVILEGED -> podSpec.editFirstContainer()
                    .withNewSecurityContext().withPrivileged(true).endSecurityContext()
                    .endContainer();
            case SYSBOX -> {
                podSpec.withRuntimeClassName(config.sysboxRuntimeClass());
                if (config.sysboxUserNamespace() == KubernetesConfig.SysboxUserNamespace.HOST_USERS) {
                    podSpec.withHostUsers(false);
                } else {
                    metadata.addToAnnotations(CRIO_USERNS_MODE, CRIO_USERNS_MODE_VALUE);
                }
            }
        }
        return new PodBuilder().withMetadata(metadata.build()).withSpec(podSpec.build()).build();
    }

    /**
     * Admits the service's pods to the daemon port and nothing else; lets the sandbox reach the internet
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
                .withPorts(port("TCP", config.daemonPort()))
                .endIngress()
                .addNewEgress()
                .addNewTo()
                .withNewIpBlock().withCidr(PRIVATE_RANGES_EXCEPTED_FROM).withExcept(config.blockedEgressCidrs()).endIpBlock()
                .endTo()
                .endEgress()
                .addNewEgress()
                .withTo(dns)
                .withPorts(port("UDP", DNS_PORT), port("TCP", DNS_PORT))
                .endEgress()
                .endSpec()
                .build();
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
