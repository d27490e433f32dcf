package io.labfleet.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.labfleet.lifecycle.WarmPools;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Locale;

@Schema(name = "WarmPool", description = "A lab's warm pool: sandboxes started in advance, handed over to creates at once")
public record PoolView(
        @Schema(example = "p3-container-lifecycle") String labId,
        @Schema(description = "Sandboxes to keep started in advance (within labfleet.pool.max-total for all labs)",
                example = "5") int size,
        @Schema(description = "Where the size comes from: lab (its lab.yaml), configuration (labfleet.pool.size.<lab>)"
                + " or admin (set through this API, for every replica)", enumeration = {"lab", "configuration", "admin"},
                example = "admin") String source,
        @Schema(description = "READY sandboxes waiting to be claimed", example = "4") long ready,
        @Schema(description = "Sandboxes being started for the pool", example = "1") long starting,
        @Schema(description = "Whether the backend keeps warm pools; where it does not (Kubernetes) size is 0 whatever"
                + " is set, and setting one is refused (409 not-supported-by-backend)", example = "true")
        boolean supported,
        @Schema(description = "Why the lab has no pool on this backend; absent where pools are kept",
                example = "The kubernetes backend keeps no warm pools: every sandbox of lab p3-container-lifecycle"
                        + " starts when it is asked for.")
        @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {

    static PoolView of(WarmPools.Pool pool) {
        return new PoolView(pool.labId(), pool.size(), pool.source().name().toLowerCase(Locale.ROOT), pool.ready(),
                pool.starting(), pool.unsupported() == null, pool.unsupported());
    }
}
