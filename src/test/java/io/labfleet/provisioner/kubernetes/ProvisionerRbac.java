package io.labfleet.provisioner.kubernetes;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Kubernetes permissions the provisioner needs, kept in this one checked list. Two tests hold it to the
 * truth: {@code KubernetesPermissionsTest} records every request the provisioner sends through a whole
 * lifecycle and requires exactly these permissions, and {@code LabfleetChartTest} requires the Helm chart's
 * ClusterRole to grant exactly these. A change to the code's calls or to the chart that is not made to this list
 * too fails one of them.
 */
public final class ProvisionerRbac {

    /** One RBAC permission: a verb on a resource of an API group ({@code ""} for the core group). */
    public record Permission(String apiGroup, String resource, String verb) {
    }

    public static final Set<Permission> REQUIRED = Stream.of(
                    grant("", "namespaces", "get", "create", "patch"),
                    grant("", "resourcequotas", "get", "create", "patch"),
                    grant("", "limitranges", "get", "create", "patch"),
                    grant("", "pods", "get", "list", "watch", "create", "delete"),
                    grant("networking.k8s.io", "networkpolicies", "get", "list", "create", "patch", "delete"))
            .flatMap(List::stream)
            .collect(Collectors.toUnmodifiableSet());

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

    private static List<Permission> grant(String apiGroup, String resource, String... verbs) {
        return Stream.of(verbs).map(verb -> new Permission(apiGroup, resource, verb)).toList();
    }
}
