package dev.tandem.relay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tandem relay --config FILE}: the file the relay service reads (/etc/tandem-relay/relay.conf). */
class RelayConfigFileTest {

    @TempDir Path dir;

    private RelayConfig configOf(String... args) throws IOException {
        CommandLine cli = RelayCli.commandLine(List.of(args));
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        RelayCli.Serve serve = (RelayCli.Serve) parsed.subcommand().commandSpec().userObject();
        return serve.toConfig();
    }

    private Path write(String text) throws IOException {
        Path f = dir.resolve("relay.conf");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void every_setting_of_the_file_reaches_the_configuration() throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "secret\n");
        Path f = write("""
                # the relay's settings
                bind = 0.0.0.0
                port = 9123
                data = %s
                tls-keystore = %s
                tls-password-file = %s
                max-message-bytes = 2048
                max-document-chars = 5000
                messages-per-second = 7
                connections-per-token = 3
                push-delay-ms = 25
                """.formatted(dir.resolve("data"), dir.resolve("ks.p12"), pw));
        RelayConfig c = configOf("relay", "--config", f.toString());
        assertEquals("0.0.0.0", c.bind());
        assertEquals(9123, c.port());
        assertEquals(dir.resolve("data"), c.dataDir());
        assertEquals(dir.resolve("ks.p12"), c.tls().orElseThrow().keyStore());
        assertEquals("secret", new String(c.tls().orElseThrow().password()));
        assertEquals(2048, c.maxMessageBytes());
        assertEquals(5000, c.maxDocumentChars());
        assertEquals(7, c.messagesPerSecond());
        assertEquals(3, c.connectionsPerToken());
        assertEquals(25, c.pushDelayMillis());
    }

    @Test
    void an_option_on_the_command_line_wins_over_the_file_and_unset_keys_keep_their_defaults() throws Exception {
        Path f = write("port = 9123\nbind = 0.0.0.0\n# tls-keystore = /etc/tandem-relay/relay.p12\ntls-password-file =\n");
        RelayConfig c = configOf("relay", "--port", "0", "--config", f.toString());
        assertEquals(0, c.port());
        assertEquals("0.0.0.0", c.bind());
        assertTrue(c.tls().isEmpty());
        assertEquals(RelayConfig.DEFAULT_MAX_MESSAGE_BYTES, c.maxMessageBytes());
    }

    @Test
    void an_unknown_key_is_refused_with_its_name_and_the_known_ones() throws Exception {
        Path f = write("prot = 9123\n");
        IOException e = assertThrows(IOException.class, () -> configOf("relay", "--config", f.toString()));
        assertTrue(e.getMessage().contains("unknown setting 'prot'"), e.getMessage());
        assertTrue(e.getMessage().contains("port"), e.getMessage());
    }

    @Test
    void a_missing_file_or_a_bad_value_is_a_usage_error_with_exit_code_2() throws Exception {
        assertEquals(2, RelayCli.run("relay", "--config", dir.resolve("missing.conf").toString()));
        assertEquals(2, RelayCli.run("relay", "--config", write("port = 70000\n").toString()));
        assertEquals(2, RelayCli.run("relay", "--config", write("port = eighty\n").toString()));
    }
}
