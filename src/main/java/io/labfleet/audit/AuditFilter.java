package io.labfleet.audit;

import java.time.Instant;

/**
 * Optional filters of an audit log listing; null means "any". {@code actor} and {@code owner} match a subject or a
 * display name; {@code from} is inclusive, {@code to} exclusive.
 */
public record AuditFilter(String tenantId, String actor, AuditAction action, String targetId, String owner,
                          Instant from, Instant to) {
}
