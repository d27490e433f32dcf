package io.labfleet.tenant;

import java.util.regex.Pattern;

/**
 * The one rule for tenant ids, wherever they come from (a token's claim, an admin's request): they become names
 * of runtime objects (Kubernetes namespaces, labels) and database keys, so they must be DNS labels.
 */
public final class TenantIds {

    /** The rule, as told to whoever breaks it. */
    public static final String RULE = "lower-case letters, digits and '-', 1 to 63 characters, starting and ending"
            + " with a letter or digit (a DNS label)";
    /** The rule as a regular expression, for request validation. */
    public static final String PATTERN = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";

    private static final Pattern VALID = Pattern.compile(PATTERN);

    private TenantIds() {
    }

    public static boolean isValid(String tenantId) {
        return tenantId != null && VALID.matcher(tenantId).matches();
    }
}
