package io.labfleet.cli;

/** Ends a command with one line for the learner and an {@link ExitCode}. */
public class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    static CliException notLoggedIn() {
        return new CliException(ExitCode.LOGIN, "You are not logged in: run labfleet login --url <your Labfleet address>.");
    }

    static CliException local(String message) {
        return new CliException(ExitCode.LOCAL, message);
    }
}
