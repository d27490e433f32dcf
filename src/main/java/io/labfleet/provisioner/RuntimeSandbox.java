package io.labfleet.provisioner;

/** A sandbox as the backend sees it through the labels on its resources. */
public record RuntimeSandbox(String sandboxId, String tenantId, RuntimeStatus status) {
}
