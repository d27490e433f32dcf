package io.labfleet.provisioner.docker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.model.HostConfig;

import java.util.List;

/**
 * docker-java's {@link HostConfig} with the two Engine API fields it lacks: {@code MaskedPaths} and
 * {@code ReadonlyPaths}. An empty list tells the engine to mask nothing; left null, the engine's defaults apply.
 * ({@code --security-opt systempaths=unconfined} is the CLI's spelling of both, which the Engine API refuses.)
 */
public class SandboxHostConfig extends HostConfig {

    private static final long serialVersionUID = 1L;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonProperty("MaskedPaths")
    private List<String> maskedPaths;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonProperty("ReadonlyPaths")
    private List<String> readonlyPaths;

    public List<String> getMaskedPaths() {
        return maskedPaths;
    }

    public SandboxHostConfig withMaskedPaths(List<String> paths) {
        this.maskedPaths = List.copyOf(paths);
        return this;
    }

    public List<String> getReadonlyPaths() {
        return readonlyPaths;
    }

    public SandboxHostConfig withReadonlyPaths(List<String> paths) {
        this.readonlyPaths = List.copyOf(paths);
        return this;
    }
}
