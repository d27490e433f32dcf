package io.labfleet.helm;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
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
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
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
import java.util.function.Predicate;
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
                "ServiceAccount", "ConfigMap", "ClusterRole", "ClusterRole", "ClusterRoleBinding", "Service", "Service",
                "Deployment", "PodDisruptionBudget", "NetworkPolicy", "ValidatingAdmissionPolicy",
                "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "ValidatingAdmissionPolicyBinding");
    }

    @Test
    void everyFieldOfEveryRenderedObjectIsOneFabric8Knows() {
        for (UnaryOperator<TemplateCommand> values : List.<UnaryOperator<TemplateCommand>>of(UnaryOperator.identity(),
                template -> template.withValuesFile(SYSBOX_EXAMPLE),
                template -> template.set("kubernetes.isolation", "privileged").set("kubernetes.tunDeviceResource", "squat.ai/tun")
                        .set("kubernetes.userNamespaces", "enabled").set("kubernetes.apparmorProfile", "unconfined")
                        .set("kubernetes.serviceCidr", "34.118.224.0/20").set("kubernetes.imageSource", "pull")
                        .set("kubernetes.registryMirror", "http://mirror:5000"))) {
            assertThat(render(values)).allSatisfy(object ->
                    assertThat(UnknownFields.of(object)).as("fields of %s %s unknown to the Kubernetes model",
                            object.getKind(), object.getMetadata().getName()).isEmpty());
        }
    }

    @Test
    void theDefaultImageIsExactlyTheOneImageBuildMakes() throws Exception {
        Process build = new ProcessBuilder("bash", "image/build", "--print-name").redirectErrorStream(true).start();
        String built = new String(build.getInputStream().readAllBytes()).strip();
        assertThat(build.waitFor()).as("image/build --print-name: %s", built).isZero();
        Container labfleet = one(render(UnaryOperator.identity()), Deployment.class).getSpec().getTemplate().getSpec()
                .getContainers().get(0);

        assertThat(labfleet.getImage()).isEqualTo(built).startsWith("labfleet/labfleet:");
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
        assertThat(List.of(labfleet.getStartupProbe(), labfleet.getLivenessProbe(), labfleet.getReadinessProbe()))
                .as("health is on the management interface, not the API port")
                .allSatisfy(probe -> assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management"));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", "9000")
                .containsEntry("prometheus.io/path", "/q/metrics");
        assertThat(labfleet.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(labfleet.getResources().getLimits()).containsKey("memory");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(labfleet.getVolumeMounts()).extracting(mount -> mount.getMountPath()).contains("/tmp");
        assertThat(labfleet.getPorts()).extracting(port -> port.getContainerPort()).containsExactlyInAnyOrder(8080, 2222, 9000);
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
        assertThat(kubernetes.isolation()).isEqualTo(KubernetesConfig.Isolation.ROOTLESS);
        assertThat(kubernetes.userNamespaces()).isEqualTo(KubernetesConfig.UserNamespaces.AUTO);
        assertThat(kubernetes.rootlessUidFirst()).as("the uids sandbox/build-offline.sh builds the image for by default")
                .isEqualTo(1_000_000_000);
        assertThat(kubernetes.rootlessUidCount()).isEqualTo(4096);
        assertThat(asServiceReadsIt(one(render(template -> template.set("kubernetes.rootlessUidFirst", 2_000_000_000)
                .set("kubernetes.rootlessUidCount", 16)), ConfigMap.class).getData()).rootlessUidFirst())
                .as("large uids are not written in floating point").isEqualTo(2_000_000_000);
        assertThat(kubernetes.seccompProfile()).isEqualTo("labfleet/seccomp-rootless.json");
        assertThat(kubernetes.imageSource()).isEqualTo(KubernetesConfig.ImageSource.BUNDLE);
        assertThat(kubernetes.serviceAccount()).isEqualTo(one(objects, ServiceAccount.class).getMetadata().getName());
        assertThat(kubernetes.sandboxRole()).isEqualTo("labfleet-sandboxes");
        assertThat(kubernetes.blockedEgressCidrs())
                .containsExactly("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10");
        assertThat(kubernetes.serviceCidr()).isEmpty();
        assertThat(asServiceReadsIt(one(render(template -> template.set("kubernetes.serviceCidr", "34.118.224.0/20")),
                ConfigMap.class).getData()).serviceCidr()).contains("34.118.224.0/20");
    }

    @Test
    void privilegedSandboxesAreAnExplicitChoiceThatTheInstallWarnsAbout() {
        String rootless = notes(UnaryOperator.identity());
        String privileged = notes(install -> install.set("kubernetes.isolation", "privileged"));

        assertThat(rootless).doesNotContain("WARNING").contains("/var/lib/kubelet/seccomp/labfleet/seccomp-rootless.json");
        assertThat(privileged).contains("WARNING: kubernetes.isolation is \"privileged\"").contains("reach the node");
        assertThat(asServiceReadsIt(one(render(template -> template.set("kubernetes.isolation", "privileged")),
                ConfigMap.class).getData()).isolation()).isEqualTo(KubernetesConfig.Isolation.PRIVILEGED);
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
    void theClusterWideRoleHandlesNamespacesAndBindsOnlyTheSandboxRoleWhichIsNeverBoundClusterWide() {
        List<HasMetadata> objects = render(UnaryOperator.identity());
        ClusterRole provisioner = clusterRole(objects, "labfleet-provisioner");
        ClusterRole sandboxes = clusterRole(objects, "labfleet-sandboxes");
        ClusterRoleBinding binding = one(objects, ClusterRoleBinding.class);
        ServiceAccount account = one(objects, ServiceAccount.class);

        assertThat(granted(provisioner, rule -> rule.getResourceNames() == null || rule.getResourceNames().isEmpty()))
                .containsExactlyInAnyOrderElementsOf(ProvisionerRbac.CLUSTER_WIDE);
        assertThat(provisioner.getRules()).filteredOn(rule -> rule.getVerbs().contains("bind")).singleElement()
                .satisfies(rule -> {
                    assertThat(rule.getApiGroups()).containsExactly(ProvisionerRbac.RBAC_GROUP);
                    assertThat(rule.getResources()).containsExactly("clusterroles");
                    assertThat(rule.getVerbs()).containsExactly("bind");
                    assertThat(rule.getResourceNames()).containsExactly(sandboxes.getMetadata().getName());
                });
        assertThat(granted(provisioner, rule -> true)).as("no pod right cluster-wide")
                .noneMatch(permission -> permission.resource().startsWith("pods"))
                .noneMatch(permission -> permission.resource().equals("networkpolicies"));
        assertThat(granted(sandboxes, rule -> true)).containsExactlyInAnyOrderElementsOf(ProvisionerRbac.IN_TENANT_NAMESPACES);
        assertThat(sandboxes.getRules()).allSatisfy(rule -> assertThat(rule.getVerbs()).doesNotContain("*", "bind", "escalate"));

        assertThat(binding.getRoleRef().getName()).as("the only cluster-wide binding").isEqualTo(provisioner.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo(account.getMetadata().getName());
            assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
        });
        assertThat(all(objects, RoleBinding.class)).as("the service makes the RoleBindings itself").isEmpty();
        KubernetesConfig kubernetes = asServiceReadsIt(one(objects, ConfigMap.class).getData());
        assertThat(kubernetes.sandboxRole()).isEqualTo(sandboxes.getMetadata().getName());
        assertThat(one(objects, Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo(account.getMetadata().getName());
    }

    @Test
    void admissionPoliciesHoldTenantPodsAndTheServiceAccountToTheirRules() {
        List<HasMetadata> objects = render(UnaryOperator.identity());
        ValidatingAdmissionPolicy pods = policy(objects, "labfleet-sandbox-pods");
        ValidatingAdmissionPolicy scope = policy(objects, "labfleet-provisioner-scope");

        assertThat(pods.getSpec().getFailurePolicy()).isEqualTo("Fail");
        assertThat(pods.getSpec().getMatchConditions()).singleElement().satisfies(condition ->
                assertThat(condition.getExpression()).as("tenant namespaces, not the release's own labfleet-system")
                        .isEqualTo("request.namespace.startsWith('labfleet-') && request.namespace != '" + NAMESPACE + "'"));
        assertThat(pods.getSpec().getValidations()).extracting(Validation::getExpression)
                .anySatisfy(expression -> assertThat(expression).contains("labfleet.io/sandbox", "labfleet.io/tenant",
                        "labfleet.io/installation'] == '" + NAMESPACE + "-labfleet'"))
                .anySatisfy(expression -> assertThat(expression).contains("hostNetwork", "hostPID", "hostPath"))
                .anySatisfy(expression -> assertThat(expression).contains("object.spec.containers.all", "initContainers",
                        "ephemeralContainers", "c.securityContext.privileged"));
        assertThat(scope.getSpec().getMatchConditions()).singleElement().satisfies(condition ->
                assertThat(condition.getExpression())
                        .isEqualTo("request.userInfo.username == 'system:serviceaccount:" + NAMESPACE + ":labfleet'"));
        assertThat(scope.getSpec().getValidations()).extracting(Validation::getExpression)
                .anySatisfy(expression -> assertThat(expression).contains("object.metadata.name.startsWith('labfleet-')",
                        "oldObject.metadata.labels['labfleet.io/installation']"))
                .anySatisfy(expression -> assertThat(expression).contains("object.roleRef.name == 'labfleet-sandboxes'",
                        "s.name == 'labfleet'", "s.namespace == '" + NAMESPACE + "'"));
        assertThat(all(objects, ValidatingAdmissionPolicyBinding.class)).extracting(binding -> binding.getSpec().getPolicyName())
                .containsExactlyInAnyOrder(pods.getMetadata().getName(), scope.getMetadata().getName());
        assertThat(all(objects, ValidatingAdmissionPolicyBinding.class))
                .allSatisfy(binding -> assertThat(binding.getSpec().getValidationActions()).containsExactly("Deny"));

        ValidatingAdmissionPolicy privileged = policy(render(template -> template.set("kubernetes.isolation", "privileged")),
                "labfleet-sandbox-pods");
        assertThat(privileged.getSpec().getValidations()).extracting(Validation::getExpression)
                .noneSatisfy(expression -> assertThat(expression).contains("securityContext.privileged"));
        assertThat(render(template -> template.set("admissionPolicy.enabled", false)))
                .noneMatch(object -> object.getKind().startsWith("ValidatingAdmissionPolicy"));
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
            assertThat(rule.getPorts()).as("every port of the sandboxes: the daemon and ssh -L").isNullOrEmpty();
        });
    }

    @Test
    void valuesAreCheckedAgainstTheSchema() {
        assertThatThrownBy(() -> render(template -> template.set("kubernetes.isolation", "root")))
                .hasMessageContaining("isolation");
        assertThatThrownBy(() -> render(template -> template.set("replicas", 3)))
                .hasMessageContaining("replicas");
    }

    @Test
    void imagesWithoutARegistryHostAreNeverPulled() {
        List<HasMetadata> defaults = render(UnaryOperator.identity());
        Deployment deployment = one(defaults, Deployment.class);
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers())
                .extracting(Container::getImagePullPolicy).containsOnly("Never");
        assertThat(one(defaults, ConfigMap.class).getData())
                .containsEntry("LABFLEET_KUBERNETES_IMAGE_PULL_POLICY", "Never");

        assertThatThrownBy(() -> render(template -> template.set("image.pullPolicy", "IfNotPresent")))
                .hasMessageContaining("pullPolicy");
        assertThatThrownBy(() -> render(template -> template.set("kubernetes.sandboxImagePullPolicy", "Always")
                .set("kubernetes.sandboxImage", "registry.school.example/labfleet/sandbox:1.0")))
                .as("the lab-images image is still Docker Hub's").hasMessageContaining("sandboxImagePullPolicy");

        List<HasMetadata> owned = render(template -> template
                .set("image.repository", "registry.school.example:5000/labfleet/labfleet")
                .set("image.pullPolicy", "IfNotPresent")
                .set("kubernetes.sandboxImage", "localhost/labfleet/sandbox:1.0")
                .set("kubernetes.labImagesImage", "registry.school.example/labfleet/lab-images:1.0")
                .set("kubernetes.sandboxImagePullPolicy", "Always"));
        assertThat(one(owned, Deployment.class).getSpec().getTemplate().getSpec().getContainers())
                .extracting(Container::getImagePullPolicy).containsOnly("IfNotPresent");
        assertThat(one(owned, ConfigMap.class).getData())
                .containsEntry("LABFLEET_KUBERNETES_IMAGE_PULL_POLICY", "Always");
    }

    private static List<HasMetadata> render(UnaryOperator<TemplateCommand> values) {
        String manifest = values.apply(new Helm(CHART).template().withName("labfleet").withNamespace(NAMESPACE)).call();
        return Arrays.stream(manifest.split("(?m)^---\\s*$"))
                .filter(document -> document.lines().anyMatch(line -> line.startsWith("kind:")))
                .map(document -> (HasMetadata) Serialization.unmarshal(document))
                .toList();
    }

    private static String notes(UnaryOperator<InstallCommand> values) {
        return values.apply(new Helm(CHART).install().withName("labfleet").withNamespace(NAMESPACE).dryRun()
                .withDryRunOption(DryRun.CLIENT).clientOnly()).call().getOutput();
    }

    private static ClusterRole clusterRole(List<HasMetadata> objects, String name) {
        return all(objects, ClusterRole.class).stream().filter(role -> role.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no ClusterRole " + name));
    }

    private static ValidatingAdmissionPolicy policy(List<HasMetadata> objects, String name) {
        return all(objects, ValidatingAdmissionPolicy.class).stream().filter(policy -> policy.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no ValidatingAdmissionPolicy " + name));
    }

    private static Set<ProvisionerRbac.Permission> granted(ClusterRole role, Predicate<PolicyRule> rules) {
        Set<ProvisionerRbac.Permission> granted = new HashSet<>();
        role.getRules().stream().filter(rules).forEach(rule -> rule.getApiGroups().forEach(group ->
                rule.getResources().forEach(resource -> rule.getVerbs().forEach(verb ->
                        granted.add(new ProvisionerRbac.Permission(group, resource, verb))))));
        return granted;
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
