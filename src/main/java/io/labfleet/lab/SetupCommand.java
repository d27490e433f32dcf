package io.labfleet.lab;

import java.util.List;
import java.util.Map;

/**
 * One command of a lab's {@code setup}: what the sandbox holds before the learner starts, e.g. the broken states of
 * the troubleshooting labs. Written as the {@code docker} command a person would type, read strictly so that a
 * command the service cannot apply fails when the catalog loads:
 * <ul>
 *   <li>{@code docker network create [--driver D] [--internal] NAME}</li>
 *   <li>{@code docker volume create NAME}</li>
 *   <li>{@code docker run -d [--name N] [-p [IP:]HOST:CONTAINER[/PROTO]]… [--network N] [--restart POLICY]
 *       [-e NAME=VALUE]… [-m SIZE] [-v SOURCE:TARGET[:ro]]… [--label KEY=VALUE]… IMAGE [COMMAND…]}</li>
 * </ul>
 * Words are split as a shell splits them ('single' and "double" quotes, backslash escapes), nothing is expanded.
 */
public sealed interface SetupCommand {

    /** The command as the lab wrote it, for messages. */
    String text();

    record NetworkCreate(String text, String name, String driver, boolean internal) implements SetupCommand {
    }

    record VolumeCreate(String text, String name) implements SetupCommand {
    }

    /**
     * @param ports   {@code [ip:]host:container[/protocol]} as given
     * @param memory  as given to {@code -m} ({@code 64m}), or null
     * @param restart as given to {@code --restart} ({@code always}, {@code on-failure:3}), or null
     * @param volumes {@code source:target[:ro]} as given
     */
    record ContainerRun(String text, String name, String image, List<String> command, List<String> ports,
                        String network, String restart, Map<String, String> env, String memory, List<String> volumes,
                        Map<String, String> labels) implements SetupCommand {

        public ContainerRun {
            command = List.copyOf(command);
            ports = List.copyOf(ports);
            env = Map.copyOf(env);
            volumes = List.copyOf(volumes);
            labels = Map.copyOf(labels);
        }
    }

    /**
     * @throws IllegalArgumentException naming what cannot be applied
     */
    static SetupCommand parse(String text) {
        return SetupCommandParser.parse(text);
    }
}
