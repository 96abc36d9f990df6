package dev.tandem.client;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code ./tandem load}: not yet written. */
@Command(name = "load", mixinStandardHelpOptions = true, description = "N WebSocket clients typing on loopback (edit-to-peer latency).")
final class LoadCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("tandem load: not implemented yet");
        return 1;
    }
}
