package dev.tandem.cli;

import dev.tandem.cli.bench.BenchCommand;
import dev.tandem.cli.lab.LabCommand;
import dev.tandem.cli.replay.ReplayCommand;
import dev.tandem.cli.sim.SimCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The engine's subcommands of {@code ./tandem}. Each prints JSON on stdout and one-line errors on stderr. */
@Command(name = "tandem", mixinStandardHelpOptions = true,
        description = "Tandem: collaborative editing that keeps working offline.",
        subcommands = {PatchCommand.class, SimCommand.class, ReplayCommand.class, BenchCommand.class, LabCommand.class})
public final class TandemCli implements Runnable {

    /** Exit code for bad input (missing file, not UTF-8, bad option). */
    public static final int BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TandemCli());
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("tandem: " + ex.getMessage());
            ex.getCommandLine().getErr().flush();
            return BAD_INPUT;
        });
        return cl;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
