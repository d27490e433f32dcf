package io.labfleet.validation.check;

/** What {@code docker version} reports for the server. */
public record DaemonInfo(String os, String arch, String version, String apiVersion) {

    /** {@code linux/amd64}, as the CLI prints it. */
    public String platform() {
        return os + "/" + arch;
    }
}
