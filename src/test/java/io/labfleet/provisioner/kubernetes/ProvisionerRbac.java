package io.labfleet.provisioner.kubernetes;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Kubernetes permissions the provisioner needs, kept in these checked lists, split by where they hold. Two
 * tests hold them to the truth: {@code KubernetesPermissionsTest} records every request the provisioner sends
 * through a whole lifecycle and requires exactly these permissions, each where it is granted, and
 * {@code LabfleetChartTest} requires the Helm chart's two ClusterRoles to grant exactly these. A change to the
 * code's calls or to the chart that is not made to these lists too fails one of them.
 *
 * <p>Cluster-wide the service only handles namespaces and creates RoleBindings (which Kubernetes lets it do only
 * for a role it may {@code bind}: the chart limits that to the sandbox role). Everything about pods, their exec,
 * policies and quotas it may do only inside the tenant namespaces it made, through the RoleBinding of the sandbox
 * role it puts in each.
 */
public final class ProvisionerRbac {

    /** One RBAC permission: a verb on a resource of an API group ({@code ""} for the core group). */
    public record Permission(String apiGroup, String resource, String verb) {
    }

    public static final String RBAC_GROUP = "rbac.authorization.k8s.io";

    /** Granted cluster-wide (the chart's ClusterRoleBinding), besides {@code bind} on the sandbox role alone. */
    public static final Set<Permission> CLUSTER_WIDE = permissions(
            grant("", "namespaces", "get", "list", "create", "patch"),
            grant(RBAC_GROUP, "rolebindings", "create"));

    /**
     * Granted in tenant namespaces only, by the sandbox role each one's RoleBinding binds. Exec is asked for with
     * a WebSocket upgrade (a GET); Kubernetes 1.31+ may also check {@code create} for it, hence both verbs.
     */
    public static final Set<Permission> IN_TENANT_NAMESPACES = permissions(
            grant("", "resourcequotas", "get", "create", "patch"),
            grant("", "limitranges", "get", "create", "patch"),
            grant("", "pods", "get", "list", "watch", "create", "delete"),
            grant("", "pods/exec", "get", "create"),
            grant("networking.k8s.io", "networkpolicies", "get", "list", "create", "patch", "delete"));

    /** What the recorded requests cannot show: exec's {@code create}, checked by newer API servers only. */
    public static final Set<Permission> NOT_SEEN_IN_REQUESTS = Set.of(new Permission("", "pods/exec", "create"));

    /**
     * Paths outside the resource API that the provisioner calls; Kubernetes' default {@code system:discovery}
     * and {@code system:public-info-viewer} roles let every authenticated account read them.
     */
    public static final Set<String> NON_RESOURCE_PATHS = Set.of("/version");

    private ProvisionerRbac() {
    }

    /** The permission an API request needs, or empty for a path outside the resource API (such as /version). */
    static Optional<Permission> neededFor(String method, URI uri) {
        String path = uri.getPath();
        List<String> segments;
        String group;
        if (path.startsWith("/api/v1/")) {
            group = "";
            segments = List.of(path.substring("/api/v1/".length()).split("/"));
        } else if (path.startsWith("/apis/")) {
            List<String> parts = List.of(path.substring("/apis/".length()).split("/"));
            group = parts.get(0);
            segments = parts.subList(2, parts.size());
        } else {
            return Optional.empty();
        }
        boolean namespaced = segments.get(0).equals("namespaces") && segments.size() >= 3;
        List<String> rest = namespaced ? segments.subList(2, segments.size()) : segments;
        String resource = rest.get(0) + (rest.size() > 2 ? "/" + rest.get(2) : "");
        boolean named = rest.size() > 1;
        boolean watch = uri.getQuery() != null && Arrays.asList(uri.getQuery().split("&")).contains("watch=true");
        String verb = switch (method) {
            case "GET" -> watch ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> throw new IllegalArgumentException("No RBAC verb for HTTP " + method);
        };
        return Optional.of(new Permission(group, resource, verb));
    }

    /** The namespace a request is about, or empty for a cluster-scoped one. */
    static Optional<String> namespaceOf(URI uri) {
        String path = uri.getPath();
        String rest = path.startsWith("/api/v1/") ? path.substring("/api/v1/".length())
                : path.startsWith("/apis/") ? path.substring("/apis/".length()).replaceFirst("^[^/]+/[^/]+/", "") : "";
        String[] segments = rest.split("/");
        return segments.length >= 3 && segments[0].equals("namespaces") ? Optional.of(segments[1]) : Optional.empty();
    }

    @SafeVarargs
    private static Set<Permission> permissions(List<Permission>... grants) {
        return Stream.of(grants).flatMap(List::stream).collect(Collectors.toUnmodifiableSet());
    }

    private static List<Permission> grant(String apiGroup, String resource, String... verbs) {
        return Stream.of(verbs).map(verb -> new Permission(apiGroup, resource, verb)).toList();
    }
}
