package io.labfleet.security;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Who may see what, as plain rules: the same matrix the REST suites prove through HTTP, here in milliseconds
 * (an admin everything, an instructor their tenant, a learner their own, a filter outside that an empty listing).
 */
class AccessPolicyTest {

    private static final Caller ALICE = new Caller("acme", "alice", "Alice", Set.of(Role.LEARNER));
    private static final Caller IRENE = new Caller("acme", "irene", "Irene", Set.of(Role.INSTRUCTOR));
    private static final Caller ROOT = new Caller(null, "root", "Root", Set.of(Role.ADMIN));
    private static final Caller NOBODY = new Caller(" ", "ghost", "Ghost", Set.of(Role.LEARNER));

    @Test
    void aLearnerSeesOnlyTheirOwnInTheirTenant() {
        assertThat(AccessPolicy.canSee(ALICE, "acme", "alice")).isTrue();
        assertThat(AccessPolicy.canSee(ALICE, "acme", "bob")).isFalse();
        assertThat(AccessPolicy.canSee(ALICE, "globex", "alice")).as("the same subject in another tenant").isFalse();
    }

    @Test
    void anInstructorSeesTheirTenantOnlyAndAnAdminEverything() {
        assertThat(AccessPolicy.canSee(IRENE, "acme", "bob")).isTrue();
        assertThat(AccessPolicy.canSee(IRENE, "globex", "carol")).isFalse();
        assertThat(AccessPolicy.canSee(ROOT, "globex", "carol")).isTrue();
        assertThat(AccessPolicy.canSee(NOBODY, " ", "ghost")).as("no tenant, no access, even to one's own").isFalse();
    }

    @Test
    void aLearnersListingIsPinnedToThemselvesWhateverTheyFilterOn() {
        assertThat(AccessPolicy.listingScope(ALICE, null, null))
                .isEqualTo(new AccessPolicy.ListingScope(false, "acme", "alice"));
        assertThat(AccessPolicy.listingScope(ALICE, "acme", "alice"))
                .isEqualTo(new AccessPolicy.ListingScope(false, "acme", "alice"));
        assertThat(AccessPolicy.listingScope(ALICE, null, "bob").nothing()).as("another learner: empty, not an error")
                .isTrue();
        assertThat(AccessPolicy.listingScope(ALICE, "globex", null).nothing()).isTrue();
    }

    @Test
    void anInstructorsListingIsPinnedToTheirTenantAndAnAdminsToWhatTheyAsk() {
        assertThat(AccessPolicy.listingScope(IRENE, null, "bob"))
                .isEqualTo(new AccessPolicy.ListingScope(false, "acme", "bob"));
        AccessPolicy.ListingScope otherTenant = AccessPolicy.listingScope(IRENE, "globex", null);
        assertThat(otherTenant.nothing()).isTrue();
        assertThat(otherTenant.tenantId()).as("never falls through to the tenant asked for").isEqualTo("acme");
        assertThat(AccessPolicy.listingScope(ROOT, null, null))
                .isEqualTo(new AccessPolicy.ListingScope(false, null, null));
        assertThat(AccessPolicy.listingScope(ROOT, "globex", "carol"))
                .isEqualTo(new AccessPolicy.ListingScope(false, "globex", "carol"));
    }

    @Test
    void aCallerWithoutTenantNeverListsEveryTenant() {
        assertThatThrownBy(() -> AccessPolicy.listingScope(NOBODY, null, null))
                .isInstanceOf(MissingTenantException.class);
    }
}
