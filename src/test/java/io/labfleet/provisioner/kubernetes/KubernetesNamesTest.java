package io.labfleet.provisioner.kubernetes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubernetesNamesTest {

    static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    static final String LABEL_VALUE = "[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?";

    @Test
    void aTenantIdThatFitsIsKeptAsItIs() {
        assertThat(KubernetesNames.namespaceFor("labfleet-", "acme-2")).isEqualTo("labfleet-acme-2");
        assertThat(KubernetesNames.labelValue("acme-2")).isEqualTo("acme-2");
        assertThat(KubernetesNames.labelValue("")).isEmpty();
    }

    @Test
    void anyOtherTenantIdBecomesAValidNameThatKeepsDifferentIdsApart() {
        String upper = KubernetesNames.namespaceFor("labfleet-", "ACME");
        String accented = KubernetesNames.namespaceFor("labfleet-", "École Paris");
        String tooLong = KubernetesNames.namespaceFor("labfleet-", "a".repeat(63));

        assertThat(upper).matches(DNS_LABEL).startsWith("labfleet-acme-").isNotEqualTo("labfleet-acme");
        assertThat(accented).matches(DNS_LABEL).startsWith("labfleet-cole-paris-");
        assertThat(tooLong).matches(DNS_LABEL).hasSize(63);
        assertThat(KubernetesNames.namespaceFor("labfleet-", "a".repeat(62) + "b")).isNotEqualTo(tooLong);
    }

    @Test
    void labelValuesAreCleanedAndShortenedWithAHash() {
        String email = KubernetesNames.labelValue("alice@school.example");
        String longSubject = KubernetesNames.labelValue("x".repeat(80));

        assertThat(email).matches(LABEL_VALUE).startsWith("alice-school.example-");
        assertThat(longSubject).matches(LABEL_VALUE).hasSize(63);
        assertThat(KubernetesNames.labelValue("-")).matches(LABEL_VALUE).hasSize(10);
        assertThat(KubernetesNames.labelValue("bob@school.example")).isNotEqualTo(email);
    }

    @Test
    void selectorsAreReadFromKeyValuePairs() {
        assertThat(KubernetesNames.selector("app.kubernetes.io/name=labfleet, tier = api"))
                .containsExactly(java.util.Map.entry("app.kubernetes.io/name", "labfleet"), java.util.Map.entry("tier", "api"));
        assertThatThrownBy(() -> KubernetesNames.selector("labfleet"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key=value");
    }
}
