package io.labfleet.terminal;

/** A terminal socket that must be closed at once, with the refusal's code and reason. */
public class TerminalRefusedException extends RuntimeException {

    private final transient TerminalRefusal refusal;

    public TerminalRefusedException(int code, String reason) {
        super(reason);
        this.refusal = new TerminalRefusal(code, reason);
    }

    public TerminalRefusal refusal() {
        return refusal;
    }
}
