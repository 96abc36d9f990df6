package dev.tandem.installer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a program of a package in a test: bounded in time, output captured, the environment chosen. */
record Run(int exit, String out, String err, long millis) {

    static Run of(List<String> command, Map<String, String> env, Path dir, long timeoutSeconds) throws IOException, InterruptedException {
        Path outFile = Files.createTempFile("tandem-run-", ".out");
        Path errFile = Files.createTempFile("tandem-run-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
            pb.environment().putAll(env);
            if (dir != null) pb.directory(dir.toFile());
            long t0 = System.nanoTime();
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s; stderr:\n"
                        + Files.readString(errFile));
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            return new Run(p.exitValue(), Files.readString(outFile, StandardCharsets.UTF_8),
                    Files.readString(errFile, StandardCharsets.UTF_8), ms);
        } finally {
            Files.deleteIfExists(outFile);
            Files.deleteIfExists(errFile);
        }
    }

    static Run of(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        return of(command, Map.of(), null, timeoutSeconds);
    }

    /** Fails with everything the program said unless it exited 0. */
    Run ok() {
        if (exit != 0) throw new AssertionError("exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err);
        return this;
    }

    List<String> outLines() {
        return new ArrayList<>(out.lines().toList());
    }

    String both() {
        return out + err;
    }
}
