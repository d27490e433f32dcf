package io.labfleet.provisioner;

import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.health.api.HealthGroup;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Whether the sandbox backend answers, as a health group of its own ({@code /q/health/group/backend}), not in
 * readiness: while it blinks, running sandboxes, the API and the SSH gateway still work, so no replica should be
 * taken out of the load balancer for it. Only creating and deleting sandboxes need it, and answer 503 meanwhile.
 */
@HealthGroup(BackendHealthCheck.GROUP)
@ApplicationScoped
public class BackendHealthCheck implements HealthCheck {

    public static final String GROUP = "backend";

    private final SandboxProvisioner provisioner;

    BackendHealthCheck(@ActiveBackend SandboxProvisioner provisioner) {
        this.provisioner = provisioner;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("sandbox-backend")
                .withData("backend", provisioner.backend())
                .status(provisioner.isReachable())
                .build();
    }
}
