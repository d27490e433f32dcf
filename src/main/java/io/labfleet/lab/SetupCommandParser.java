package io.labfleet.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads a lab's setup command lines into {@link SetupCommand}s (see there for what is understood). */
final class SetupCommandParser {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final Pattern PORT = Pattern.compile("(\\d{1,3}(\\.\\d{1,3}){3}:)?\\d{1,5}:\\d{1,5}(/(tcp|udp|sctp))?");
    private static final Pattern RESTART = Pattern.compile("no|always|unless-stopped|on-failure(:\\d+)?");

    private SetupCommandParser() {
    }

    /**
     * @throws IllegalArgumentException naming what cannot be applied
     */
    static SetupCommand parse(String text) {
        List<String> words = words(text);
        if (words.size() < 3 || !words.get(0).equals("docker")) {
            throw new IllegalArgumentException("'" + text + "' is not a docker command the setup can apply"
                    + " (docker network create, docker volume create, docker run -d)");
        }
        String what = words.get(1) + " " + words.get(2);
        return switch (what) {
            case "network create" -> network(text, words.subList(3, words.size()));
            case "volume create" -> volume(text, words.subList(3, words.size()));
            default -> {
                if (words.get(1).equals("run") || what.equals("container run")) {
                    yield run(text, words.subList(words.get(1).equals("run") ? 2 : 3, words.size()));
                }
                throw new IllegalArgumentException("'" + text + "': the setup applies docker network create, docker"
                        + " volume create and docker run -d only");
            }
        };
    }

    private static SetupCommand.NetworkCreate network(String text, List<String> args) {
        Options options = new Options(text, args);
        String driver = "bridge";
        boolean internal = false;
        while (options.hasOption()) {
            switch (options.option()) {
                case "-d", "--driver" -> driver = options.value();
                case "--internal" -> internal = true;
                default -> throw options.unknown();
            }
        }
        return new SetupCommand.NetworkCreate(text, options.lastName(), driver, internal);
    }

    private static SetupCommand.VolumeCreate volume(String text, List<String> args) {
        Options options = new Options(text, args);
        if (options.hasOption()) {
            options.option();
            throw options.unknown();
        }
        return new SetupCommand.VolumeCreate(text, options.lastName());
    }

    private static SetupCommand.ContainerRun run(String text, List<String> args) {
        Options options = new Options(text, args);
        boolean detached = false;
        String name = null;
        String network = null;
        String restart = null;
        String memory = null;
        List<String> ports = new ArrayList<>();
        List<String> volumes = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        while (options.hasOption()) {
            switch (options.option()) {
                case "-d", "--detach" -> detached = true;
                case "--name" -> name = options.named();
                case "-p", "--publish" -> ports.add(options.matching(PORT, "a port like 8080:80"));
                case "--network", "--net" -> network = options.named();
                case "--restart" -> restart = options.matching(RESTART, "no, always, unless-stopped or on-failure[:N]");
                case "-e", "--env" -> options.pair(env);
                case "-m", "--memory" -> memory = options.value();
                case "-v", "--volume" -> volumes.add(options.value());
                case "-l", "--label" -> options.pair(labels);
                default -> throw options.unknown();
            }
        }
        if (!detached) {
            throw new IllegalArgumentException("'" + text + "': setup containers run in the background: add -d");
        }
        List<String> rest = options.rest();
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' names no image");
        }
        return new SetupCommand.ContainerRun(text, name, rest.get(0), rest.subList(1, rest.size()), ports, network, restart, env,
                memory, volumes, labels);
    }

    /** Splits a command line into words as sh does, without expanding anything. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < text.length() && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\' && i + 1 < text.length()) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("'" + text + "' has an unclosed quote");
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** Options before the first plain word, in {@code --name value} and {@code --name=value} forms. */
    private static final class Options {
        private final String text;
        private final List<String> args;
        private int next;
        private String option;
        private String inlineValue;

        Options(String text, List<String> args) {
            this.text = text;
            this.args = args;
        }

        boolean hasOption() {
            return next < args.size() && args.get(next).startsWith("-") && args.get(next).length() > 1;
        }

        String option() {
            String word = args.get(next++);
            int equals = word.indexOf('=');
            option = word.startsWith("--") && equals > 0 ? word.substring(0, equals) : word;
            inlineValue = word.startsWith("--") && equals > 0 ? word.substring(equals + 1) : null;
            return option;
        }

        String value() {
            if (inlineValue != null) {
                return inlineValue;
            }
            if (next >= args.size()) {
                throw new IllegalArgumentException("'" + text + "': " + option + " needs a value");
            }
            return args.get(next++);
        }

        String matching(Pattern pattern, String what) {
            String value = value();
            if (!pattern.matcher(value).matches()) {
                throw new IllegalArgumentException("'" + text + "': " + option + " takes " + what + ", got " + value);
            }
            return value;
        }

        String named() {
            return matching(NAME, "a name of letters, digits, '_', '.' and '-'");
        }

        void pair(Map<String, String> into) {
            String value = value();
            int equals = value.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("'" + text + "': " + option + " takes NAME=VALUE, got " + value);
            }
            into.put(value.substring(0, equals), value.substring(equals + 1));
        }

        IllegalArgumentException unknown() {
            return new IllegalArgumentException("'" + text + "': option " + option + " is not one the setup applies");
        }

        List<String> rest() {
            return args.subList(next, args.size());
        }

        String lastName() {
            List<String> rest = rest();
            if (rest.size() != 1 || !NAME.matcher(rest.get(0)).matches()) {
                throw new IllegalArgumentException("'" + text + "' must end with one name");
            }
            return rest.get(0);
        }
    }
}
