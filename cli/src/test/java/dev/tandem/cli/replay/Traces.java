package dev.tandem.cli.replay;

import dev.tandem.cli.bench.BenchCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds ../shared/traces: {@code tandem.traces}, or as the bench does from the repo root (the cli module's parent). */
final class Traces {
    private Traces() {}

    static Optional<Path> folder() {
        String prop = System.getProperty("tandem.traces");
        if (prop != null) return Optional.of(Path.of(prop)).filter(Files::isDirectory);
        return BenchCommand.tracesFolder(Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent());
    }
}
