package io.labfleet.provisioner;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the sandbox backend answers: without it no sandbox can be created or removed. */
@Readiness
@ApplicationScoped
public class BackendHealthCheck implements HealthCheck {

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
