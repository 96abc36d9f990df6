package dev.tandem.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "patch", mixinStandardHelpOptions = true, description = "Apply base->edited onto target (JSON out).")
final class PatchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("patch: being built in issue 1");
    }
}
