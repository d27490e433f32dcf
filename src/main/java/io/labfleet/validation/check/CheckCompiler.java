package io.labfleet.validation.check;

import io.labfleet.lab.CheckDefinition;

/**
 * Reads a lab's check definitions into checks, once, so that a parameter that means nothing fails when the
 * service starts (naming the lab, the check and the parameter) rather than when a learner validates.
 */
public final class CheckCompiler {

    /**
     * @throws CheckParameterException when a parameter's value means nothing
     */
    public CompiledCheck compile(CheckDefinition definition) {
        Params params = new Params(definition.type(), definition.with());
        Check check = switch (definition.type()) {
            case "container" -> new ContainerCheck(params);
            case "container-absent" -> new ContainerAbsentCheck(params);
            case "container-events" -> new EventsCheck(params, "container");
            case "events" -> new EventsCheck(params, params.requiredString("object"));
            case "image" -> new ImageCheck(params);
            case "image-absent" -> new ImageAbsentCheck(params);
            case "volume" -> new VolumeCheck(params);
            case "network" -> new NetworkCheck(params);
            case "probe" -> new ProbeCheck(params);
            case "daemon" -> new DaemonCheck(params);
            default -> throw new CheckParameterException("type " + definition.type() + " is unknown");
        };
        return new CompiledCheck(definition, check);
    }
}
