package dev.tandem.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What the benchmarks ran on: cores, memory, CPU, JVM, Node.js, operating system. */
final class Machine {
    private Machine() {}

    static void describe(ObjectNode m, Optional<String> nodeVersion) {
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memoryMb", memTotalKb() / 1024);
        m.put("cpu", cpuModel());
        m.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("node", nodeVersion.orElse("not found"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }

    private static long memTotalKb() {
        return procField(Path.of("/proc/meminfo"), "MemTotal:").orElse(-1L);
    }

    /** Resident memory of a process in KB (VmRSS of /proc/PID/status), or empty where there is no /proc. */
    static Optional<Long> rssKb(long pid) {
        return procField(Path.of("/proc/" + pid + "/status"), "VmRSS:");
    }

    private static Optional<Long> procField(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(field)) {
                    return Optional.of(Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }
}
