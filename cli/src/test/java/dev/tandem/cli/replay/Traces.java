package dev.tandem.cli.replay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds ../shared/traces: from the repo root (the cli module's parent), or the nearest ancestor holding shared/traces. */
final class Traces {
    private Traces() {}

    static Optional<Path> folder() {
        String prop = System.getProperty("tandem.traces");
        if (prop != null) return Optional.of(Path.of(prop)).filter(Files::isDirectory);
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        Path direct = root.resolve("../shared/traces").normalize();
        if (Files.isDirectory(direct)) return Optional.of(direct);
        // A git worktree (e.g. /work/wt/sim) sits one level deeper than the main checkout: look further up.
        for (Path p = root.getParent(); p != null; p = p.getParent()) {
            Path t = p.resolve("shared/traces");
            if (Files.isDirectory(t)) return Optional.of(t);
        }
        return Optional.empty();
    }
}
