package dev.tandem.relay;

import picocli.CommandLine;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The relay's configuration file ({@code tandem relay --config FILE}; the service reads
 * {@code /etc/tandem-relay/relay.conf}): {@code key = value} lines, {@code #} comments, one key per option of
 * {@code tandem relay} without its dashes ({@code bind}, {@code port}, {@code data}, {@code tls-keystore}, ...). An
 * option given on the command line wins over the file. A key the relay does not know is an error that names it, so
 * that a typo is never silently ignored.
 */
final class RelayConfigFile {

    private RelayConfigFile() { }

    /** The option the file is named with. */
    static final String OPTION = "--config";

    /** Reads and checks the file against the options of {@code command}; the result feeds picocli's defaults. */
    static Properties load(Path file, CommandLine.Model.CommandSpec command) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("no configuration file " + file, e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException("cannot read " + file + " (permission denied; the service reads it as its own user)", e);
        }
        Set<String> known = new TreeSet<>();
        for (CommandLine.Model.OptionSpec o : command.options()) {
            String key = key(o);
            if (!key.equals("config") && !key.equals("help") && !key.equals("version")) known.add(key);
        }
        for (String key : p.stringPropertyNames()) {
            if (!known.contains(key)) {
                throw new IOException(file + ": unknown setting '" + key + "' (known: " + String.join(", ", known) + ")");
            }
            String value = p.getProperty(key).trim();
            if (value.isEmpty()) p.remove(key); // "tls-keystore =" means "not set", as if the line were commented out
            else p.setProperty(key, value);
        }
        return p;
    }

    /** The key of an option: its longest name without the leading dashes, as picocli's properties provider reads it. */
    static String key(CommandLine.Model.OptionSpec o) {
        return o.longestName().replaceFirst("^-+", "");
    }

    /** The value of {@code --config} in the arguments of {@code tandem relay ...}, or null. */
    static Path find(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals(OPTION) && i + 1 < args.size()) return Path.of(args.get(i + 1));
            if (a.startsWith(OPTION + "=")) return Path.of(a.substring(OPTION.length() + 1));
        }
        return null;
    }
}
