package io.labfleet.provisioner;

/** What the backend says of a sandbox's runtime object. */
public enum RuntimeStatus {
    /** Running. */
    RUNNING,
    /** Exists but is not running (crashed, stopped, evicted). */
    STOPPED,
    /** Nothing exists for it. */
    ABSENT
}
