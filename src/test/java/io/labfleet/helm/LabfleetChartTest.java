package io.labfleet.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.labfleet.config.KubernetesConfig;
import io.labfleet.provisioner.kubernetes.ProvisionerRbac;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm chart in {@code helm/labfleet}, linted and rendered by Helm itself (helm-java embeds it). Rendering
 * is all that can be checked here: no cluster runs on this machine to install it on.
 */
class LabfleetChartTest {

    static final Path CHART = Path.of("helm/labfleet");
    static final Path SYSBOX_EXAMPLE = Path.of("helm/examples/sysbox.yaml");
    static final String NAMESPACE = "labfleet-system";

    @Test
    void chartLintsCleanly() {
        LintResult lint = new Helm(CHART).lint().strict().call();

        assertThat(lint.isFailed()).as("helm lint: %s", lint.getMessages()).isFalse();
    }

    @Test
    void everyRenderedObjectIsAKubernetesObjectOfAKnownKind() {
        List<HasMetadata> objects = render(UnaryOperator.identity());

        assertThat(objects).allSatisfy(object -> assertThat(object).isNotInstanceOf(GenericKubernetesResource.class));
        assertThat(objects).extracting(HasMetadata::getKind).containsExactlyInAnyOrder(
                "ServiceAccount", "ConfigMap", "ClusterRole", "ClusterRoleBinding", "Service", "Service",
                "Deployment", "PodDisruptionBudget", "NetworkPolicy");
    }

    @Test
    void deploymentRunsTwoRestrictedReplicasWithHealthProbes() {
        Deployment deployment = one(render(UnaryOperator.identity()), Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container labfleet = pod.getContainers().get(0);
        SecurityContext security = labfleet.getSecurityContext();

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(labfleet.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(labfleet.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(labfleet.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(labfleet.getResources().getLimits()).containsKey("memory");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(labfleet.getVolumeMounts()).extracting(mount -> mount.getMountPath()).contains("/tmp");
        assertThat(labfleet.getPorts()).extracting(port -> port.getContainerPort()).containsExactlyInAnyOrder(8080, 2222);
    }

    @Test
    void credentialsComeFromSecretsAndTheGatewayKeyFromASharedSecret() {
        List<HasMetadata> objects = render(template -> template.set("oidc.credentialsSecret", "labfleet-oidc")
                .set("oidc.consoleAuthServerUrl", "https://sso.school.example/realms/labfleet"));
        PodSpec pod = one(objects, Deployment.class).getSpec().getTemplate().getSpec();
        Map<String, EnvVar> env = pod.getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, variable -> variable));

        assertThat(env.get("LABFLEET_DB_USER").getValueFrom().getSecretKeyRef().getName()).isEqualTo("labfleet-database");
        assertThat(env.get("LABFLEET_DB_PASSWORD").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
        assertThat(env.get("QUARKUS_OIDC_CREDENTIALS_SECRET").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("labfleet-oidc");
        assertThat(env.values()).allSatisfy(variable -> assertThat(variable.getValue()).isNull());
        assertThat(pod.getVolumes()).filteredOn(volume -> volume.getSecret() != null).singleElement().satisfies(volume -> {
            assertThat(volume.getSecret().getSecretName()).isEqualTo("labfleet-ssh-host-key");
            assertThat(volume.getSecret().getDefaultMode()).as("read only, by owner and group").isEqualTo(0440);
        });
        assertThat(one(objects, ConfigMap.class).getData())
                .containsEntry("LABFLEET_GATEWAY_HOST_KEY_PATH", "/etc/labfleet/gateway/ssh_host_ed25519_key")
                .containsEntry("LABFLEET_OIDC_URL", "https://keycloak.example.org/realms/labfleet")
                .containsEntry("LABFLEET_DB_URL", "jdbc:postgresql://postgresql:5432/labfleet")
                .containsEntry("LABFLEET_CONSOLE_AUTH_SERVER_URL", "https://sso.school.example/realms/labfleet");
        assertThat(one(render(UnaryOperator.identity()), ConfigMap.class).getData())
                .doesNotContainKey("LABFLEET_CONSOLE_AUTH_SERVER_URL");
    }

    @Test
    void configurationSelectsTheKubernetesBackendAndAdmitsExactlyTheServicePodsToTheSandboxes() {
        List<HasMetadata> objects = render(UnaryOperator.identity());
        Map<String, String> config = one(objects, ConfigMap.class).getData();
        KubernetesConfig kubernetes = asServiceReadsIt(config);
        Map<String, String> podLabels = one(objects, Deployment.class).getSpec().getTemplate().getMetadata().getLabels();

        assertThat(config).containsEntry("LABFLEET_PROVISIONER_BACKEND", "kubernetes");
        assertThat(kubernetes.serviceNamespace()).isEqualTo(NAMESPACE);
        assertThat(selector(kubernetes.servicePodSelector())).isNotEmpty()
                .allSatisfy((key, value) -> assertThat(podLabels).containsEntry(key, value));
        assertThat(kubernetes.installation()).isEqualTo(NAMESPACE + "-labfleet");
        assertThat(kubernetes.isolation()).isEqualTo(KubernetesConfig.Isolation.PRIVILEGED);
        assertThat(kubernetes.blockedEgressCidrs())
                .containsExactly("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16");
    }

    @Test
    void sysboxExampleRendersForTheSysboxProfile() {
        List<HasMetadata> objects = render(template -> template.withValuesFile(SYSBOX_EXAMPLE));
        KubernetesConfig kubernetes = asServiceReadsIt(one(objects, ConfigMap.class).getData());

        assertThat(kubernetes.isolation()).isEqualTo(KubernetesConfig.Isolation.SYSBOX);
        assertThat(kubernetes.sysboxRuntimeClass()).isEqualTo("sysbox-runc");
        assertThat(kubernetes.sysboxUserNamespace()).isEqualTo(KubernetesConfig.SysboxUserNamespace.ANNOTATION);
        assertThat(kubernetes.dockerStorage()).isEqualTo("20Gi");
        assertThat(kubernetes.image()).isEqualTo("registry.school.example/labfleet/sandbox:1.0");
    }

    @Test
    void clusterRoleGrantsExactlyWhatTheProvisionerUses() {
        List<HasMetadata> objects = render(UnaryOperator.identity());
        ClusterRole role = one(objects, ClusterRole.class);
        Set<ProvisionerRbac.Permission> granted = new HashSet<>();
        role.getRules().forEach(rule -> rule.getApiGroups().forEach(group -> rule.getResources().forEach(resource ->
                rule.getVerbs().forEach(verb -> granted.add(new ProvisionerRbac.Permission(group, resource, verb))))));
        ClusterRoleBinding binding = one(objects, ClusterRoleBinding.class);
        ServiceAccount account = one(objects, ServiceAccount.class);

        assertThat(granted).containsExactlyInAnyOrderElementsOf(ProvisionerRbac.REQUIRED);
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo(account.getMetadata().getName());
            assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
        });
        assertThat(one(objects, Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo(account.getMetadata().getName());
    }

    @Test
    void servicesPublishTheApiAndTheSshGatewayOfTheTypeAsked() {
        List<Service> defaults = all(render(UnaryOperator.identity()), Service.class);
        List<Service> nodePort = all(render(template -> template.set("sshService.type", "NodePort")), Service.class);

        assertThat(defaults).extracting(service -> service.getSpec().getPorts().get(0).getTargetPort())
                .containsExactlyInAnyOrder(new IntOrString("http"), new IntOrString("ssh"));
        Service ssh = ssh(defaults);
        assertThat(ssh.getSpec().getPorts().get(0).getPort()).isEqualTo(2222);
        assertThat(ssh.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(ssh(nodePort).getSpec().getType()).isEqualTo("NodePort");
    }

    @Test
    void disruptionBudgetAndOwnPolicyGuardTheService() {
        List<HasMetadata> objects = render(UnaryOperator.identity());
        NetworkPolicy policy = one(objects, NetworkPolicy.class);

        assertThat(one(objects, PodDisruptionBudget.class).getSpec().getMinAvailable()).isEqualTo(new IntOrString(1));
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(policy.getSpec().getIngress()).flatExtracting(rule -> rule.getPorts())
                .extracting(port -> port.getPort()).containsExactlyInAnyOrder(new IntOrString("http"), new IntOrString("ssh"));
        assertThat(policy.getSpec().getEgress()).anySatisfy(rule -> {
            assertThat(rule.getTo()).singleElement().satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/managed-by", "labfleet")
                    .containsEntry("labfleet.io/installation", NAMESPACE + "-labfleet"));
            assertThat(rule.getPorts()).extracting(port -> port.getPort()).containsExactly(new IntOrString(2375));
        });
    }

    @Test
    void valuesAreCheckedAgainstTheSchema() {
        assertThatThrownBy(() -> render(template -> template.set("kubernetes.isolation", "root")))
                .hasMessageContaining("isolation");
        assertThatThrownBy(() -> render(template -> template.set("replicas", 3)))
                .hasMessageContaining("replicas");
    }

    private static List<HasMetadata> render(UnaryOperator<TemplateCommand> values) {
        String manifest = values.apply(new Helm(CHART).template().withName("labfleet").withNamespace(NAMESPACE)).call();
        return Arrays.stream(manifest.split("(?m)^---\\s*$"))
                .filter(document -> document.lines().anyMatch(line -> line.startsWith("kind:")))
                .map(document -> (HasMetadata) Serialization.unmarshal(document))
                .toList();
    }

    private static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
        List<T> found = all(objects, type);
        assertThat(found).as("rendered %s objects", type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    private static Service ssh(List<Service> services) {
        return services.stream().filter(service -> service.getMetadata().getName().endsWith("-ssh")).findFirst().orElseThrow();
    }

    /** Reads the ConfigMap as the service reads its environment: through the real configuration mapping. */
    private static KubernetesConfig asServiceReadsIt(Map<String, String> environment) {
        return new SmallRyeConfigBuilder()
                .withMapping(KubernetesConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new EnvConfigSource(environment, 300))
                .build()
                .getConfigMapping(KubernetesConfig.class);
    }

    private static Map<String, String> selector(String pairs) {
        return Arrays.stream(pairs.split(",")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0].trim(), pair -> pair[1].trim()));
    }
}
