package dev.tandem.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;

/**
 * The figures of repeated runs of one measurement: the median and the spread (min, max, every run in order).
 *
 * @param runs the runs' figures in the order they were taken (at least one)
 */
record Spread(double[] runs) {

    Spread {
        if (runs.length == 0) throw new IllegalArgumentException("a spread needs at least one run");
        runs = runs.clone();
    }

    static Spread of(java.util.List<? extends Number> values) {
        return new Spread(values.stream().mapToDouble(Number::doubleValue).toArray());
    }

    double median() {
        double[] s = runs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    double min() { return Arrays.stream(runs).min().orElseThrow(); }

    double max() { return Arrays.stream(runs).max().orElseThrow(); }

    /** Writes {@code name} (the median) and {@code nameSpread} ({@code min}, {@code max}, {@code runs}) into {@code o}. */
    void put(ObjectNode o, String name) {
        o.put(name, round(median()));
        ObjectNode s = o.putObject(name + "Spread");
        s.put("min", round(min()));
        s.put("max", round(max()));
        var list = s.putArray("runs");
        for (double r : runs) list.add(round(r));
    }

    /** Two decimals: the figures are milliseconds, megabytes or ratios, never more precise than that. */
    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
