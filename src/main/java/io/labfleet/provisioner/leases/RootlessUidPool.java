package io.labfleet.provisioner.leases;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The host uids rootless sandboxes run as ({@code labfleet.docker.rootless-uid-first} and {@code -count}): each
 * sandbox gets one of its own, so the kernel's per-user limits (inotify instances and watches, user namespaces,
 * message queues, processes), which are charged to a uid of the host, are never shared between sandboxes. The
 * sandbox image gives each of them a range of subordinate ids of its own for the nested containers
 * (sandbox/rootless-user.sh): uid {@code first + i} owns {@code first + 65536 * (i + 1)} and the 65535 ids after
 * it, so the whole block ends at {@code first + 65536 * (count + 1)}. Pure arithmetic, no I/O.
 */
public record RootlessUidPool(int first, int count) {

    /** How many subordinate ids each uid owns: the 65536 ids of a user namespace that Docker's rootless mode maps. */
    public static final long SUBORDINATE_IDS = 65536;
    /**
     * The image's plain rootless user (uid 1000) owns the subordinate ids up to here (rootless-userns owns 1-65534): the
     * block starts above them.
     */
    static final long LOWEST_FIRST = 100_000 + SUBORDINATE_IDS;
    /** Tools that read uids as signed 32-bit numbers go wrong above this. */
    static final long END_OF_IDS = 1L << 31;
    /** How {@code sandbox/build-offline.sh --uids} writes a range, and the image's label says it. */
    private static final Pattern FIRST_AND_COUNT = Pattern.compile("(\\d{1,10}):(\\d{1,5})");

    public RootlessUidPool {
        if (first < LOWEST_FIRST || count < 1 || count >= SUBORDINATE_IDS
                || first + SUBORDINATE_IDS * (count + 1L) > END_OF_IDS) {
            throw new IllegalArgumentException("labfleet.docker.rootless-uid-first=" + first
                    + " and rootless-uid-count=" + count + " must give 1 to 65535 uids from " + LOWEST_FIRST
                    + " up, whose subordinate ids (65536 per uid after the block of uids) end below 2^31: e.g."
                    + " 1000000000 and 4096.");
        }
    }

    /**
     * What {@code sandbox/build-offline.sh --uids FIRST:COUNT} wrote in the image's label; empty when it is not
     * that (an image built before sandboxes had uids of their own, or by another recipe).
     */
    public static Optional<RootlessUidPool> parse(String firstAndCount) {
        Matcher m = FIRST_AND_COUNT.matcher(firstAndCount == null ? "" : firstAndCount.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RootlessUidPool(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        } catch (IllegalArgumentException outOfRange) {
            return Optional.empty();
        }
    }

    /** Every uid of the pool, in order. */
    public List<Integer> uids() {
        return IntStream.range(first, first + count).boxed().toList();
    }

    /** Whether every uid of {@code other} is one of this pool's with the same subordinate ids. */
    public boolean covers(RootlessUidPool other) {
        return first == other.first && other.count <= count;
    }

    /**
     * Whether a host id of this pool's block (its uids and their subordinate ids) is also one of {@code other}'s:
     * sandboxes of two such pools could run as the same host uid, or map the same ids.
     */
    public boolean overlaps(RootlessUidPool other) {
        return first < other.end() && other.first < end();
    }

    /** The first host id after the block: the uids, then 65536 subordinate ids for each. */
    public long end() {
        return first + SUBORDINATE_IDS * (count + 1L);
    }

    /** The first of the subordinate ids the image gives {@code uid}, one of this pool's. */
    public long subordinateStart(int uid) {
        if (uid < first || uid >= first + count) {
            throw new IllegalArgumentException(uid + " is not a uid of " + this);
        }
        return first + SUBORDINATE_IDS * (uid - first + 1L);
    }

    /** As {@code sandbox/build-offline.sh --uids} takes it. */
    public String firstAndCount() {
        return first + ":" + count;
    }

    @Override
    public String toString() {
        return "uids " + first + "-" + (first + count - 1);
    }
}
