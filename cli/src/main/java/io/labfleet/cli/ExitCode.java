package io.labfleet.cli;

/**
 * What {@code labfleet} exits with, so that scripts can tell the cases apart. Listed by {@code labfleet --help}
 * and in the README.
 */
public final class ExitCode {

    /** Done; for {@code check}, every check passed. */
    public static final int OK = 0;
    /** {@code check}: a check did not pass (or could not be told); {@code start}: the sandbox failed to start. */
    public static final int NOT_DONE = 1;
    /** The command line is wrong (unknown command or option, missing argument). */
    public static final int USAGE = 2;
    /** Not logged in, or the login expired or was refused: run {@code labfleet login}. */
    public static final int LOGIN = 3;
    /** The service refused the request (unknown lab, quota reached, no such sandbox, not in that state...). */
    public static final int REFUSED = 4;
    /** The service could not be reached, failed, or answered something unexpected. */
    public static final int SERVICE = 5;
    /** A tool or file of this computer failed: docker, ssh, ssh-keygen, ~/.ssh, the lab's folder. */
    public static final int LOCAL = 6;

    private ExitCode() {
    }

    /** The lines {@code --help} shows under "Exit codes". */
    static String[] helpLines() {
        return new String[]{
                OK + ":Done (check: every check passed).",
                NOT_DONE + ":check: a check did not pass; start: the sandbox failed.",
                USAGE + ":Wrong command line.",
                LOGIN + ":Not logged in, or the login expired: run labfleet login.",
                REFUSED + ":The service refused (unknown lab, quota, no such sandbox...).",
                SERVICE + ":The service could not be reached or failed.",
                LOCAL + ":docker, ssh, ssh-keygen or a local file failed."};
    }
}
