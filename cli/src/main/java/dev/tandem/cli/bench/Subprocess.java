package dev.tandem.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the bench (node, {@code ./tandem relay}, {@code ./tandem load}): its stdout and stderr go to files
 * in a folder of the bench's, it is bounded in time, and {@link #close()} always stops it (destroy, then
 * destroyForcibly after a grace period).
 *
 * <p>Concurrency: used by the bench's thread.
 */
final class Subprocess implements AutoCloseable {

    /** How long a stopped process gets to exit before it is killed. */
    static final long GRACE_SECONDS = 10;

    final Process process;
    final Path stdout;
    final Path stderr;
    private final String label;

    private Subprocess(String label, Process process, Path stdout, Path stderr) {
        this.label = label;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static Subprocess start(String label, List<String> command, Path workDir, Path logs, Map<String, String> env)
            throws IOException {
        Files.createDirectories(logs);
        Path out = Files.createTempFile(logs, label, ".out");
        Path err = Files.createTempFile(logs, label, ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        return new Subprocess(label, p, out, err);
    }

    /** Runs to the end within {@code seconds}; returns stdout. Throws when it times out or exits non-zero (unless allowed). */
    static String run(String label, List<String> command, Path workDir, Path logs, Map<String, String> env, long seconds,
                      boolean allowFailure) throws IOException, InterruptedException {
        try (Subprocess s = start(label, command, workDir, logs, env)) {
            if (!s.process.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new IOException(label + " did not finish within " + seconds + " s: " + s.tail());
            }
            if (s.process.exitValue() != 0 && !allowFailure) {
                throw new IOException(label + " exited with " + s.process.exitValue() + ": " + s.tail());
            }
            return Files.readString(s.stdout);
        }
    }

    /** The last lines of stderr, for a message. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(stderr);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no stderr: " + e.getMessage() + ")";
        }
    }

    /** The first line of stdout, waiting up to {@code seconds} for it; empty if the process ended or time ran out. */
    String firstLine(long seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String s = Files.readString(stdout);
            int nl = s.indexOf('\n');
            if (nl >= 0) return s.substring(0, nl).trim();
            if (!process.isAlive()) return "";
            Thread.sleep(50);
        }
        return "";
    }

    @Override
    public void close() {
        if (!process.isAlive()) return;
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return label + " (pid " + process.pid() + ")";
    }
}
