package io.labfleet.provisioner;

import io.labfleet.support.FakeSandboxProvisioner;

import java.util.Map;

/**
 * The backend-neutral provisioner contract, run against the in-memory backend the service's own suites use (as a
 * storage layer's in-memory double runs its abstract suite): what those suites prove on it holds for a backend that
 * passes the same contract. Its one object per sandbox is the map entry it keeps.
 */
class FakeSandboxProvisionerContractTest extends SandboxProvisionerContract {

    private final FakeSandboxProvisioner provisioner = new FakeSandboxProvisioner();

    @Override
    protected SandboxProvisioner provisioner() {
        return provisioner;
    }

    @Override
    protected Map<String, Map<String, String>> remainingFor(String sandboxId) {
        SandboxSpec spec = provisioner.spec(sandboxId);
        return spec == null ? Map.of() : Map.of("sandbox " + sandboxId, SandboxLabels.of(spec));
    }

    @Override
    protected void stopBehindItsBack(String sandboxId) {
        provisioner.stop(sandboxId);
    }
}
