package io.labfleet.provisioner.kubernetes;

import io.labfleet.commons.Sha256;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns Labfleet's identifiers into names and label values Kubernetes accepts. Tenant and learner ids come
 * from tokens and may hold any character ({@code alice@school.example}), while namespace names are DNS labels
 * and label values are limited to 63 letters, digits, {@code -_.}. A value that does not fit is cleaned and
 * suffixed with a hash of the original, so two different ids never end up with the same name.
 */
final class KubernetesNames {

    static final int MAX_LENGTH = 63;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final int HASH_LENGTH = 10;

    private KubernetesNames() {
    }

    /** The namespace of a tenant's sandboxes: the prefix and the tenant id, as a valid DNS label. */
    static String namespaceFor(String prefix, String tenantId) {
        String wanted = prefix + tenantId;
        if (wanted.length() <= MAX_LENGTH && DNS_LABEL.matcher(wanted).matches()) {
            return wanted;
        }
        String cleaned = (prefix + tenantId.toLowerCase()).replaceAll("[^a-z0-9]+", "-");
        return fitted(cleaned, "[^a-z0-9]", tenantId);
    }

    /** A label value that stands for {@code value}: the value itself when Kubernetes accepts it. */
    static String labelValue(String value) {
        if (value.length() <= MAX_LENGTH && LABEL_VALUE.matcher(value).matches()) {
            return value;
        }
        return fitted(value.replaceAll("[^A-Za-z0-9_.]+", "-"), "[^A-Za-z0-9]", value);
    }

    /** Parses {@code key=value} pairs separated by commas, as the configuration gives selectors. */
    static Map<String, String> selector(String pairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : pairs.split(",")) {
            String[] keyAndValue = pair.trim().split("=", 2);
            if (keyAndValue.length != 2 || keyAndValue[0].isBlank()) {
                throw new IllegalArgumentException("'" + pairs + "' is not a list of key=value labels");
            }
            labels.put(keyAndValue[0].trim(), keyAndValue[1].trim());
        }
        return labels;
    }

    /** Cuts {@code cleaned} to leave room for a hash of {@code original}, and trims characters a name may not end on. */
    private static String fitted(String cleaned, String notAtEnds, String original) {
        String head = cleaned.substring(0, Math.min(cleaned.length(), MAX_LENGTH - HASH_LENGTH - 1))
                .replaceAll("^(" + notAtEnds + ")+|(" + notAtEnds + ")+$", "");
        String hash = hash(original);
        return head.isEmpty() ? hash : head + "-" + hash;
    }

    private static String hash(String value) {
        return Sha256.hex(value).substring(0, HASH_LENGTH);
    }
}
