package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.labfleet.provisioner.ProvisioningException;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A command the service runs in a sandbox pod's container through the exec API and waits for, within a time
 * limit. What the command prints comes from a container a learner controls: only its first
 * {@value #MAX_OUTPUT} bytes are kept, without control characters.
 */
final class PodCommand {

    static final int MAX_OUTPUT = 2048;

    /** Its exit code and the start of what it printed on stdout and stderr. */
    record Result(int exitCode, String output) {

        String describe() {
            return "exit code " + exitCode + (output.isBlank() ? "." : ": " + output.strip());
        }
    }

    private PodCommand() {
    }

    static Result run(PodResource pod, String container, List<String> command, Duration timeout) {
        BoundedOutput output = new BoundedOutput();
        try (ExecWatch watch = pod.inContainer(container).writingOutput(output).writingError(output)
                .exec(command.toArray(String[]::new))) {
            Integer code = watch.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(code == null ? 1 : code, output.text());
        } catch (TimeoutException e) {
            throw new ProvisioningException("A command in the sandbox did not finish within " + timeout.toSeconds()
                    + " s: " + output.text(), e);
        } catch (ExecutionException e) {
            throw new ProvisioningException("A command in the sandbox could not run: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("Interrupted while a command ran in the sandbox.", e);
        }
    }

    /** Keeps the first bytes written to it and drops the rest. */
    private static final class BoundedOutput extends OutputStream {

        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (kept.size() < MAX_OUTPUT) {
                kept.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            kept.write(bytes, offset, Math.max(0, Math.min(length, MAX_OUTPUT - kept.size())));
        }

        synchronized String text() {
            return kept.toString(StandardCharsets.UTF_8).replaceAll("[\\p{Cntrl}&&[^\n]]", "");
        }
    }
}
