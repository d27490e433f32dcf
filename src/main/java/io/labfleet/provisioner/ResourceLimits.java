package io.labfleet.provisioner;

/** Limits of one sandbox: memory in bytes, CPU in thousandths of a core, and the number of processes. */
public record ResourceLimits(long memoryBytes, long milliCpus, long pids) {
}
