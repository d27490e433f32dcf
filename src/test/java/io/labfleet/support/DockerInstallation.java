package io.labfleet.support;

import io.labfleet.provisioner.SandboxLabels;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Gives each test run of the Docker backend an installation id of its own, so runs that share the engine (other
 * suites, other checkouts) never see each other's objects; when the run ends, removes whatever is left with
 * its label, so a failed test leaks nothing.
 */
public class DockerInstallation implements QuarkusTestResourceLifecycleManager {

    private static volatile String id;

    @Override
    public Map<String, String> start() {
        id = "it-" + UUID.randomUUID().toString().substring(0, 8);
        return Map.of("labfleet.docker.installation", id);
    }

    /** This run's installation id. */
    public static String id() {
        return id;
    }

    @Override
    public void stop() {
        List<String> left = HostDocker.objectsLabelled(SandboxLabels.INSTALLATION, id);
        for (String object : left) {
            String[] kindAndName = object.split(" ", 2);
            switch (kindAndName[0]) {
                case "container" -> HostDocker.attempt("rm", "-f", "-v", kindAndName[1]);
                case "network" -> HostDocker.attempt("network", "rm", kindAndName[1]);
                default -> HostDocker.attempt("volume", "rm", "-f", kindAndName[1]);
            }
        }
    }
}
