package io.labfleet.sandbox;

/** No sandbox with that id exists, or the caller may not see it (we do not tell the two apart). */
public class SandboxNotFoundException extends RuntimeException {
    public SandboxNotFoundException(String id) {
        super("Sandbox '" + id + "' does not exist or is not yours.");
    }
}
