package io.labfleet.provisioner.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IPv4 range sandbox networks take their subnets from ({@code labfleet.docker.subnet-pool}), cut into subnets
 * of one size ({@code labfleet.docker.subnet-prefix}). Docker's own default pools hold about 30 bridge networks;
 * {@code 10.213.0.0/16} cut into {@code /28}s holds 4096, each with room for the gateway and the sandbox container.
 * Pure arithmetic, no I/O.
 */
public record SubnetPool(Subnet range, int prefix) {

    /** The value of {@code labfleet.docker.subnet-pool} that leaves subnets to Docker's own default pools. */
    public static final String DOCKER_POOLS = "off";
    /** A sandbox network needs a network address, a gateway, the sandbox container and a broadcast address. */
    static final int LONGEST_PREFIX = 29;

    public SubnetPool {
        if (prefix < range.prefix() || prefix > LONGEST_PREFIX) {
            throw new IllegalArgumentException("labfleet.docker.subnet-prefix=" + prefix + " must be between the"
                    + " pool's own prefix (/" + range.prefix() + ") and /" + LONGEST_PREFIX + ".");
        }
    }

    /**
     * @param pool   {@code labfleet.docker.subnet-pool}: an IPv4 network such as {@code 10.213.0.0/16}, or
     *               {@value #DOCKER_POOLS}
     * @param prefix {@code labfleet.docker.subnet-prefix}
     * @return empty for {@value #DOCKER_POOLS}
     * @throws IllegalArgumentException naming the key and what is wrong
     */
    public static Optional<SubnetPool> of(String pool, int prefix) {
        if (DOCKER_POOLS.equals(pool.strip())) {
            return Optional.empty();
        }
        Subnet range = Subnet.parse(pool.strip())
                .orElseThrow(() -> new IllegalArgumentException("labfleet.docker.subnet-pool=" + pool
                        + " is not an IPv4 network such as 10.213.0.0/16 (the address must be the network's first)"
                        + ", nor '" + DOCKER_POOLS + "'."));
        return Optional.of(new SubnetPool(range, prefix));
    }

    /** How many sandbox networks the pool holds. */
    public int size() {
        return 1 << (prefix - range.prefix());
    }

    /** The {@code index}-th subnet of the pool, from 0. */
    public Subnet subnet(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(index);
        }
        return new Subnet(range.address() + ((long) index << (32 - prefix)), prefix);
    }

    /** Every subnet of the pool, in address order. */
    public List<Subnet> subnets() {
        List<Subnet> all = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            all.add(subnet(i));
        }
        return all;
    }

    @Override
    public String toString() {
        return range + " in /" + prefix + "s";
    }

    /**
     * An IPv4 network: its first address (as an unsigned 32-bit number) and prefix length.
     */
    public record Subnet(long address, int prefix) {

        private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
        private static final long ALL = 0xFFFF_FFFFL;

        public Subnet {
            if (prefix < 0 || prefix > 32 || address < 0 || address > ALL || (address & ~mask(prefix) & ALL) != 0) {
                throw new IllegalArgumentException("not an IPv4 network: " + address + "/" + prefix);
            }
        }

        /** Parses {@code a.b.c.d/n}; empty when it is not one, or when the address is not the network's first. */
        public static Optional<Subnet> parse(String cidr) {
            Matcher m = CIDR.matcher(cidr);
            if (!m.matches()) {
                return Optional.empty();
            }
            long address = 0;
            for (int i = 1; i <= 4; i++) {
                int octet = Integer.parseInt(m.group(i));
                if (octet > 255) {
                    return Optional.empty();
                }
                address = address << 8 | octet;
            }
            int prefix = Integer.parseInt(m.group(5));
            if (prefix > 32 || (address & ~mask(prefix) & ALL) != 0) {
                return Optional.empty();
            }
            return Optional.of(new Subnet(address, prefix));
        }

        /** Whether the two networks share at least one address. */
        public boolean overlaps(Subnet other) {
            long common = mask(Math.min(prefix, other.prefix));
            return (address & common) == (other.address & common);
        }

        /** The first host address, which Docker gives the network's gateway (the host's side of the bridge). */
        public String gateway() {
            return dotted(address + 1);
        }

        private static long mask(int prefix) {
            return prefix == 0 ? 0 : (ALL << (32 - prefix)) & ALL;
        }

        private static String dotted(long value) {
            return (value >> 24 & 0xFF) + "." + (value >> 16 & 0xFF) + "." + (value >> 8 & 0xFF) + "." + (value & 0xFF);
        }

        @Override
        public String toString() {
            return dotted(address) + "/" + prefix;
        }
    }
}
