package io.labfleet.cli;

/** Adds the gateway's line to the text of a {@code known_hosts} file, once. Pure. */
final class KnownHosts {

    private KnownHosts() {
    }

    static String withLine(String knownHosts, String line) {
        String wanted = line.strip();
        for (String existing : knownHosts.split("\\R")) {
            if (existing.strip().equals(wanted)) {
                return knownHosts;
            }
        }
        boolean needsBreak = !knownHosts.isEmpty() && !knownHosts.endsWith("\n");
        return knownHosts + (needsBreak ? "\n" : "") + wanted + "\n";
    }
}
