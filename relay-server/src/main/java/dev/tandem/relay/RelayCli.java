package dev.tandem.relay;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./tandem relay} and {@code ./tandem token create|list|revoke}.
 *
 * <p>Exit codes: 0 done, 1 a failure (one line on stderr), 2 a usage error.
 */
@Command(name = "tandem", subcommands = {RelayCli.Serve.class, RelayCli.Token.class}, mixinStandardHelpOptions = true,
        description = "The relay and its tokens.")
public final class RelayCli {

    /** Grizzly and Tyrus log through java.util.logging; only their warnings matter here (kept referenced). */
    private static final java.util.logging.Logger GLASSFISH = java.util.logging.Logger.getLogger("org.glassfish");

    public static void main(String[] args) {
        GLASSFISH.setLevel(java.util.logging.Level.WARNING);
        System.exit(run(args));
    }

    /** Runs a command line; returns the exit code. */
    static int run(String... args) {
        CommandLine cli;
        try {
            cli = commandLine(java.util.List.of(args));
        } catch (IOException e) {
            System.err.println("tandem relay: " + e.getMessage());
            return 2;
        }
        return cli.execute(args);
    }

    /** The command line for these arguments: {@code relay --config FILE} makes FILE the relay options' defaults. */
    static CommandLine commandLine(java.util.List<String> args) throws IOException {
        CommandLine cli = new CommandLine(new RelayCli());
        Path file = !args.isEmpty() && args.get(0).equals("relay") ? RelayConfigFile.find(args) : null;
        if (file != null) {
            CommandLine relay = cli.getSubcommands().get("relay");
            relay.setDefaultValueProvider(
                    new CommandLine.PropertiesDefaultProvider(RelayConfigFile.load(file, relay.getCommandSpec())));
        }
        return cli;
    }

    /** {@code $XDG_DATA_HOME/tandem/relay}, else {@code ~/.local/share/tandem/relay}. */
    static Path defaultDataDir() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("tandem").resolve("relay");
    }

    @Command(name = "relay", mixinStandardHelpOptions = true,
            description = "Runs the relay. Prints the URL it listens on as its first line; stops cleanly on SIGTERM.")
    static final class Serve implements java.util.concurrent.Callable<Integer> {
        @Option(names = RelayConfigFile.OPTION, paramLabel = "FILE",
                description = "read settings from FILE: 'key = value' lines named after these options (bind, port, data,"
                        + " tls-keystore, ...), '#' comments; an option given here wins over the file")
        Path config;
        @Option(names = "--bind", description = "address to listen on (default ${DEFAULT-VALUE})")
        String bind = RelayConfig.DEFAULT_BIND;
        @Option(names = "--port", description = "TCP port; 0 = any free port (default ${DEFAULT-VALUE})")
        int port = RelayConfig.DEFAULT_PORT;
        @Option(names = "--data", description = "data folder (default $XDG_DATA_HOME/tandem/relay or ~/.local/share/tandem/relay)")
        Path data;
        @Option(names = "--tls-keystore", description = "PKCS12 key store with the server's key and certificate: serve wss://")
        Path keyStore;
        @Option(names = "--tls-password-file", description = "file holding the key store's password (first line)")
        Path passwordFile;
        @Option(names = "--max-message-bytes", description = "largest message accepted (default ${DEFAULT-VALUE})")
        int maxMessageBytes = RelayConfig.DEFAULT_MAX_MESSAGE_BYTES;
        @Option(names = "--max-document-chars", description = "longest document (default ${DEFAULT-VALUE})")
        int maxDocumentChars = RelayConfig.DEFAULT_MAX_DOCUMENT_CHARS;
        @Option(names = "--messages-per-second", description = "per connection (default ${DEFAULT-VALUE})")
        int messagesPerSecond = RelayConfig.DEFAULT_MESSAGES_PER_SECOND;
        @Option(names = "--connections-per-token", description = "simultaneous connections of one token (default ${DEFAULT-VALUE})")
        int connectionsPerToken = RelayConfig.DEFAULT_CONNECTIONS_PER_TOKEN;
        @Option(names = "--push-delay-ms", description = "the hub's push coalescing window per client (default ${DEFAULT-VALUE}); a document"
                + " with so many clients that they would get more than "
                + dev.tandem.engine.session.HubSession.Options.DEFAULT_DOCUMENT_PUSHES_PER_SECOND
                + " pushes a second gets a longer one")
        long pushDelayMillis = RelayConfig.DEFAULT_PUSH_DELAY_MILLIS;
        @Option(names = "--shed-heap-percent", description = "how full the heap may be after a garbage collection before"
                + " the relay closes its newest connections (clients reconnect later) instead of running out of memory"
                + " (default ${DEFAULT-VALUE})")
        int shedHeapPercent = RelayConfig.DEFAULT_SHED_HEAP_PERCENT;
        @Option(names = "--shed-behind-ms", description = "how long a document's edits may wait for the relay before it"
                + " closes some of that document's newest connections (clients reconnect later) (default ${DEFAULT-VALUE})")
        long shedBehindMillis = RelayConfig.DEFAULT_SHED_BEHIND_MILLIS;

        /** The checked configuration these options (and the configuration file, if any) describe. */
        RelayConfig toConfig() throws IOException {
            RelayConfig config = RelayConfig.defaults(data != null ? data : defaultDataDir()).withBind(bind).withPort(port)
                    .withMaxMessageBytes(maxMessageBytes).withMaxDocumentChars(maxDocumentChars)
                    .withMessagesPerSecond(messagesPerSecond).withConnectionsPerToken(connectionsPerToken)
                    .withPushDelayMillis(pushDelayMillis).withShedHeapPercent(shedHeapPercent)
                    .withShedBehindMillis(shedBehindMillis);
            if ((keyStore == null) != (passwordFile == null)) {
                throw new IllegalArgumentException("--tls-keystore and --tls-password-file go together");
            }
            if (keyStore != null) {
                String pw;
                try {
                    pw = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
                } catch (java.nio.file.NoSuchFileException e) {
                    throw new IOException("no TLS password file " + passwordFile, e);
                } catch (java.nio.file.AccessDeniedException e) {
                    throw new IOException("cannot read the TLS password file " + passwordFile + " (permission denied)", e);
                }
                config = config.withTls(new RelayConfig.Tls(keyStore, pw.toCharArray()));
            }
            return config;
        }

        @Override
        public Integer call() {
            RelayConfig config;
            try {
                config = toConfig();
            } catch (IllegalArgumentException | IOException e) {
                System.err.println("tandem relay: " + e.getMessage());
                return 2;
            }
            Relay relay;
            try {
                relay = Relay.start(config);
            } catch (RelayException e) {
                System.err.println("tandem relay: " + e.getMessage());
                return 1;
            }
            System.out.println(relay.url());
            System.out.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                relay.close();
                stopped.countDown();
            }, "relay-shutdown"));
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true, description = "Creates, lists and revokes access tokens.",
            subcommands = {Token.Create.class, Token.ListTokens.class, Token.Revoke.class})
    static final class Token {

        static Path dir(Path data) {
            return data != null ? data : defaultDataDir();
        }

        @Command(name = "create", mixinStandardHelpOptions = true,
                description = "Creates a token for a workspace; prints it alone on the last line. It is shown only this once.")
        static final class Create implements java.util.concurrent.Callable<Integer> {
            @Option(names = "--data") Path data;
            @Option(names = "--workspace", required = true) String workspace;
            @Option(names = "--read-only", description = "the token may sync (receive) but its edits are refused") boolean readOnly;

            @Override
            public Integer call() {
                if (!Names.isSegment(workspace)) {
                    System.err.println("tandem token: a workspace name is 1-128 of A-Z a-z 0-9 . _ -");
                    return 2;
                }
                try (TokenStore t = TokenStore.open(dir(data))) {
                    String token = t.create(workspace, readOnly);
                    System.out.println("Token for workspace " + workspace + (readOnly ? " (read-only)" : "")
                            + ". It is shown only this once; store it safely:");
                    System.out.println(token);
                    return 0;
                } catch (RelayException e) {
                    System.err.println("tandem token: " + e.getMessage());
                    return 1;
                }
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists tokens (never the tokens themselves).")
        static final class ListTokens implements java.util.concurrent.Callable<Integer> {
            @Option(names = "--data") Path data;

            @Override
            public Integer call() {
                try (TokenStore t = TokenStore.open(dir(data))) {
                    System.out.printf("%-6s %-24s %-9s %-24s %s%n", "ID", "WORKSPACE", "READONLY", "CREATED", "REVOKED");
                    for (TokenStore.Info i : t.list()) {
                        System.out.printf("%-6d %-24s %-9s %-24s %s%n", i.id(), i.workspace(), i.readOnly() ? "yes" : "no",
                                i.created(), i.revoked().map(Object::toString).orElse("-"));
                    }
                    return 0;
                } catch (RelayException e) {
                    System.err.println("tandem token: " + e.getMessage());
                    return 1;
                }
            }
        }

        @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a token by its id (see token list).")
        static final class Revoke implements java.util.concurrent.Callable<Integer> {
            @Option(names = "--data") Path data;
            @Parameters(paramLabel = "ID") long id;

            @Override
            public Integer call() {
                try (TokenStore t = TokenStore.open(dir(data))) {
                    if (!t.revoke(id)) {
                        System.err.println("tandem token: no unrevoked token with id " + id);
                        return 1;
                    }
                    System.out.println("revoked token " + id + " (open connections keep going until they reconnect)");
                    return 0;
                } catch (RelayException e) {
                    System.err.println("tandem token: " + e.getMessage());
                    return 1;
                }
            }
        }
    }
}
