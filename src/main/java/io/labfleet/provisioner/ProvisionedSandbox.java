package io.labfleet.provisioner;

/** Where the service reaches a provisioned sandbox's Docker daemon (plain TCP on a private network). */
public record ProvisionedSandbox(String daemonHost, int daemonPort) {
}
