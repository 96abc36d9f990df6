package dev.tandem.client;

import dev.tandem.relay.Relay;
import dev.tandem.relay.RelayConfig;
import dev.tandem.relay.TokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./tandem doc print|append} against a real relay, in-process. */
class DocCommandIT {

    @TempDir Path dir;

    record Run(int exit, String out, String err) {}

    static synchronized Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new ClientCli()).execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** A read-write token of workspace "team" on the relay that {@code config} starts. */
    private static String teamToken(RelayConfig config) throws Exception {
        try (TokenStore t = TokenStore.open(config.dataDir())) {
            return t.create("team", false);
        }
    }

    /** A store that never saw the document appends after what the team wrote, not before it. */
    @Test
    void append_from_a_new_store_goes_at_the_end_of_the_teams_text() throws Exception {
        RelayConfig config = RelayConfig.defaults(dir.resolve("relay"));
        String token = teamToken(config);
        try (Relay relay = Relay.start(config)) {
            String alice = dir.resolve("alice").toString();
            String bob = dir.resolve("bob").toString();
            Run first = run("doc", "append", "--store", alice, "--doc", "plan", "--text", "Alice was here. ", "--server", relay.url(), "--token", token);
            assertEquals(0, first.exit(), first.err());
            Run second = run("doc", "append", "--store", bob, "--doc", "plan", "--text", "Bob too.", "--server", relay.url(), "--token", token);
            assertEquals(0, second.exit(), second.err());
            Run print = run("doc", "print", "--store", alice, "--doc", "plan", "--server", relay.url(), "--token", token);
            assertEquals("Alice was here. Bob too.\n", print.out(), print.err());

            Run refused = run("doc", "append", "--store", bob, "--doc", "plan", "--text", " Carol?", "--server", relay.url(), "--token", "tdm_1_wrong");
            assertEquals(1, refused.exit());
            assertTrue(refused.err().contains("nothing was appended"), refused.err());
            Run local = run("doc", "print", "--store", bob, "--doc", "plan");
            assertEquals("Alice was here. Bob too.\n", local.out(), local.err());
        }
    }

    @Test
    void append_syncs_print_shows_and_an_unreachable_relay_queues_the_edit_for_a_later_print() throws Exception {
        RelayConfig config = RelayConfig.defaults(dir.resolve("relay"));
        String token = teamToken(config);
        String a = dir.resolve("a").toString();
        String b = dir.resolve("b").toString();
        int port;
        try (Relay relay = Relay.start(config)) {
            port = relay.port();
            Run r1 = run("doc", "append", "--store", a, "--doc", "notes", "--text", "one.", "--server", relay.url(), "--token", token);
            assertEquals(0, r1.exit(), r1.err());
            Run r2 = run("doc", "print", "--store", b, "--doc", "notes", "--server",
                    new InviteLink(java.net.URI.create(relay.url()), "team", token).format());
            assertEquals(0, r2.exit(), r2.err());
            assertEquals("one.\n", r2.out());
        }
        String down = "ws://127.0.0.1:" + port + "/sync";
        Run queued = run("doc", "append", "--store", a, "--doc", "notes", "--text", " two.", "--server", down, "--token", token);
        assertEquals(0, queued.exit(), queued.err());
        assertTrue(queued.err().contains("queued"), queued.err());

        try (Relay relay = Relay.start(config.withPort(port))) {
            Run deliver = run("doc", "print", "--store", a, "--doc", "notes", "--server", relay.url(), "--token", token);
            assertEquals("one. two.\n", deliver.out(), deliver.err());
            Run other = run("doc", "print", "--store", b, "--doc", "notes", "--server", relay.url(), "--token", token);
            assertEquals("one. two.\n", other.out(), other.err());

            Run refused = run("doc", "print", "--store", b, "--doc", "notes", "--server", relay.url(), "--token", "tdm_1_wrong");
            assertEquals(1, refused.exit());
            assertEquals(1, refused.err().lines().filter(l -> l.startsWith("tandem doc")).count(), refused.err());
            assertTrue(refused.err().contains("refused"), refused.err());
        }
        Run malformed = run("doc", "print", "--store", b, "--doc", "notes", "--server", "ht!tp://nope", "--token", token);
        assertEquals(2, malformed.exit());
        // One plain line and no stack trace (other lines may be a late log line of the relay this JVM ran above).
        assertEquals(1, malformed.err().lines().filter(l -> l.startsWith("tandem doc")).count(), malformed.err());
        assertTrue(malformed.err().lines().noneMatch(l -> l.startsWith("\tat ")), malformed.err());
        Run badName = run("doc", "print", "--store", b, "--doc", "../x");
        assertEquals(2, badName.exit());
    }
}
