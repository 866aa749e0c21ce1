package com.sqm.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Times a candidate against a baseline in the same process: both warmed up, then measured in
 * interleaved rounds (so drift in machine load hits both alike), reported as medians and a ratio.
 */
final class Comparison {
  private final int warmupRounds;
  private final int rounds;
  private final int opsPerRound;

  Comparison(int warmupRounds, int rounds, int opsPerRound) {
    this.warmupRounds = warmupRounds;
    this.rounds = rounds;
    this.opsPerRound = opsPerRound;
  }

  /** The medians (ns per operation) and their ratio. */
  record Result(String name, double baselineNs, double candidateNs) {
    double ratio() {
      return candidateNs / baselineNs;
    }

    String line() {
      return String.format(
          Locale.ROOT,
          "%-44s baseline %10.1f µs/op   candidate %10.1f µs/op   ratio %6.2fx",
          name,
          baselineNs / 1_000,
          candidateNs / 1_000,
          ratio());
    }
  }

  Result compare(String name, Runnable baseline, Runnable candidate) {
    for (int i = 0; i < warmupRounds; i++) {
      round(baseline);
      round(candidate);
    }
    List<Double> base = new ArrayList<>();
    List<Double> cand = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      base.add(round(baseline));
      cand.add(round(candidate));
    }
    return new Result(name, median(base), median(cand));
  }

  private double round(Runnable op) {
    long start = System.nanoTime();
    for (int i = 0; i < opsPerRound; i++) {
      op.run();
    }
    return (System.nanoTime() - start) / (double) opsPerRound;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
