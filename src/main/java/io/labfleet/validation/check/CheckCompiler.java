package io.labfleet.validation.check;

import io.labfleet.lab.CheckDefinition;
import io.labfleet.lab.CheckType;

import java.util.Set;

/**
 * Reads a lab's check definitions into checks, once, so that a parameter that means nothing fails when the
 * service starts (naming the lab, the check and the parameter) rather than when a learner validates. Every
 * {@link CheckType} has its check here (the switch has no default), and a parameter the type declares but its check
 * never reads is a bug of the engine, refused at once rather than silently ignored.
 */
public final class CheckCompiler {

    /**
     * @throws CheckParameterException when the type is unknown or a parameter's value means nothing
     */
    public CompiledCheck compile(CheckDefinition definition) {
        CheckType type = CheckType.of(definition.type())
                .orElseThrow(() -> new CheckParameterException("type " + definition.type() + " is unknown"));
        Params params = new Params(type, definition.with());
        Check check = switch (type) {
            case CONTAINER -> new ContainerCheck(params);
            case CONTAINER_ABSENT -> new ContainerAbsentCheck(params);
            case CONTAINER_EVENTS -> new EventsCheck(params, "container");
            case EVENTS -> new EventsCheck(params, params.requiredString("object"));
            case IMAGE -> new ImageCheck(params);
            case IMAGE_ABSENT -> new ImageAbsentCheck(params);
            case VOLUME -> new VolumeCheck(params);
            case NETWORK -> new NetworkCheck(params);
            case PROBE -> new ProbeCheck(params);
            case DAEMON -> new DaemonCheck(params);
        };
        Set<String> unread = params.unread();
        if (!unread.isEmpty()) {
            throw new IllegalStateException("check type " + type.id() + " declares " + unread + " but never reads them");
        }
        return new CompiledCheck(definition, check);
    }
}
