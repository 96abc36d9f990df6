package dev.tandem.client;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options of every {@code ./tandem doc} command: the local store, and the relay to sync with if any. */
class StoreAndRelayOptions {
    @Option(names = "--store", required = true, description = "the local store's folder (client.db inside)")
    Path store;
    @Option(names = "--server", description = "relay URL (ws://HOST:PORT/sync, wss://...) or invite link (tandem://HOST:PORT/WORKSPACE?token=...)")
    String server;
    @Option(names = "--token", description = "access token (or in the invite link)")
    String token;
    @Option(names = "--trust-store", description = "a self-signed relay: trust only this certificate (.pem/.crt) or key store (.p12/.jks)")
    Path trustStore;
    @Option(names = "--trust-password", description = "the trust store's password (default: none)")
    String trustPassword = "";
    @Option(names = "--timeout-ms", description = "how long to try to sync (default ${DEFAULT-VALUE})")
    long timeoutMillis = 15_000;
}
