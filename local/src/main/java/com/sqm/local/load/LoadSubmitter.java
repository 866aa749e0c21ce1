package com.sqm.local.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Submits a run's questions with a fixed number of submitters at a time, question {@code i} as user
 * {@code i mod users}.
 */
public final class LoadSubmitter {

  /** A query the API accepted, and whose history lists it. */
  public record Accepted(String id, LoadUser user) {}

  /**
   * What the submit phase did: the accepted queries, the rejections by reason, how long it took.
   */
  public record Result(List<Accepted> accepted, Map<String, Integer> rejected, Duration elapsed) {}

  private final LoadApi api;

  public LoadSubmitter(LoadApi api) {
    this.api = api;
  }

  public Result submitAll(LoadSettings settings, List<LoadUser> users) throws InterruptedException {
    int submitters = Math.min(settings.concurrency(), settings.queries());
    AtomicInteger next = new AtomicInteger();
    List<Accepted> accepted = new ArrayList<>(settings.queries());
    Map<String, Integer> rejected = new ConcurrentHashMap<>();
    Callable<Void> submitter =
        () -> {
          for (int i = next.getAndIncrement(); i < settings.queries(); i = next.getAndIncrement()) {
            LoadUser user = users.get(i % users.size());
            SubmitOutcome outcome =
                api.submit(user.token(), LoadQuestions.question(i), settings.cache());
            if (outcome.isAccepted()) {
              synchronized (accepted) {
                accepted.add(new Accepted(outcome.id(), user));
              }
            } else {
              rejected.merge(outcome.rejection(), 1, Integer::sum);
            }
          }
          return null;
        };
    ExecutorService pool = Executors.newFixedThreadPool(submitters);
    long start = System.nanoTime();
    try {
      List<Future<Void>> running = new ArrayList<>();
      for (int i = 0; i < submitters; i++) {
        running.add(pool.submit(submitter));
      }
      for (Future<Void> future : running) {
        future.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("a submitter failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    synchronized (accepted) {
      return new Result(List.copyOf(accepted), Map.copyOf(rejected), elapsed);
    }
  }
}
