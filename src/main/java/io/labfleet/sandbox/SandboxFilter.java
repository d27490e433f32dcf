package io.labfleet.sandbox;

/** Optional filters of a sandbox listing; null means "any". */
public record SandboxFilter(String tenantId, String learnerId, String labId, SandboxState state) {
}
