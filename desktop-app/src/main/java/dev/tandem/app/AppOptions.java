package dev.tandem.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The app's command line, checked before JavaFX starts.
 *
 * <pre>
 *   (no options)              the editor on this user's workspace
 *   --open FILE               also imports FILE (Markdown or plain text, UTF-8) as a new document titled after the
 *                             file, and shows it; prints {@code tandem: opened "TITLE" (N characters)} once editable
 *   --exit-after-open         quits (flushing the store) as soon as the document shown first is editable: a smoke
 *                             test of an installation
 *   --headless                no display: JavaFX's Monocle platform with software rendering (tests, servers)
 *   demo --relay URL --token T  two editors (Ada, Grace) with their own stores, via that relay (./tandem demo)
 * </pre>
 *
 * @param demo          the two-window demo
 * @param relay         the demo's relay URL
 * @param token         the demo's token
 * @param open          a file to import and show
 * @param exitAfterOpen quit once the first document is editable
 * @param headless      run without a display
 */
public record AppOptions(boolean demo, Optional<String> relay, Optional<String> token, Optional<Path> open,
                         boolean exitAfterOpen, boolean headless) {

    public static final String USAGE = """
            Usage: tandem [--open FILE] [--exit-after-open] [--headless]
                   tandem demo --relay URL --token TOKEN
              --open FILE        import FILE (Markdown or text, UTF-8) as a new document and show it
              --exit-after-open  quit as soon as the first document is editable (checks an installation)
              --headless         run without a display (Monocle, software rendering)
            Data: $XDG_DATA_HOME/tandem (or ~/.local/share/tandem); settings: $XDG_CONFIG_HOME/tandem.""";

    public AppOptions {
        relay = relay == null ? Optional.empty() : relay;
        token = token == null ? Optional.empty() : token;
        open = open == null ? Optional.empty() : open;
    }

    /** Thrown for a command line that cannot be understood; the message says why in plain words. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Whether {@code args} ask for the usage text. */
    public static boolean wantsHelp(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }

    public static AppOptions parse(List<String> args) throws UsageException {
        boolean demo = false;
        boolean exitAfterOpen = false;
        boolean headless = false;
        String relay = null;
        String token = null;
        Path open = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "demo" -> demo = true;
                case "--exit-after-open" -> exitAfterOpen = true;
                case "--headless" -> headless = true;
                case "--relay" -> relay = value(args, ++i, a);
                case "--token" -> token = value(args, ++i, a);
                case "--open" -> open = Path.of(value(args, ++i, a));
                default -> throw new UsageException("unknown option '" + a + "'");
            }
        }
        if (!demo && (relay != null || token != null)) {
            throw new UsageException("--relay and --token go with demo (to connect, use Connection… in the app)");
        }
        if (demo && open != null) throw new UsageException("--open does not go with demo");
        return new AppOptions(demo, Optional.ofNullable(relay), Optional.ofNullable(token), Optional.ofNullable(open),
                exitAfterOpen, headless);
    }

    private static String value(List<String> args, int i, String option) throws UsageException {
        if (i >= args.size() || args.get(i).startsWith("--")) throw new UsageException(option + " needs a value");
        return args.get(i);
    }

    /** The document title for an imported file: its name without the extension. */
    public static String titleOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String title = dot > 0 ? name.substring(0, dot) : name;
        return title.isBlank() ? "Untitled" : title;
    }
}
