package com.sqm.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryStage;
import com.sqm.model.TokenUsage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * Publishes each delivery's measurements as CloudWatch Embedded Metric Format lines (AWS EMF
 * library): one JSON object per line and per dimension set, written bare to the function's stdout,
 * where CloudWatch Logs extracts the metrics (locally, the runner's log). The query id goes along
 * as a property, searchable in Logs Insights without becoming a dimension.
 */
public final class EmfMetricsPublisher implements MetricsPublisher {
  private static final Logger log = LoggerFactory.getLogger(EmfMetricsPublisher.class);

  /** The property that names the query of a line. */
  public static final String QUERY_ID_PROPERTY = "queryId";

  private final String namespace;
  private final Environment environment;

  /** Writes each EMF object to {@code lines}, one call per line. */
  public EmfMetricsPublisher(String namespace, Consumer<String> lines) {
    this.namespace = namespace;
    this.environment = new LineEnvironment(lines);
  }

  /**
   * Writes to stdout under the namespace {@link MetricNames#NAMESPACE_SETTING} names (default
   * {@link MetricNames#DEFAULT_NAMESPACE}).
   */
  public static EmfMetricsPublisher toStdout(Function<String, String> env) {
    String configured = env.apply(MetricNames.NAMESPACE_SETTING);
    String namespace =
        configured == null || configured.isBlank()
            ? MetricNames.DEFAULT_NAMESPACE
            : configured.strip();
    // System.out read at each line, not once: the Lambda runtime and tests may redirect it.
    return new EmfMetricsPublisher(namespace, line -> System.out.println(line));
  }

  public String namespace() {
    return namespace;
  }

  @Override
  public QueryMetrics open(UUID queryId) {
    return new Delivery(queryId);
  }

  /** One delivery's measurements, kept until {@link #close()}. */
  private final class Delivery implements QueryMetrics {
    private final UUID queryId;
    private final Map<String, MetricsLogger> lines = new LinkedHashMap<>();
    private final Map<String, TokenUsage> usage = new LinkedHashMap<>();

    Delivery(UUID queryId) {
      this.queryId = queryId;
    }

    @Override
    public void queueAge(Duration age) {
      line("", new DimensionSet())
          .putMetric(MetricNames.QUEUE_AGE, Math.max(0, age.toMillis()), Unit.MILLISECONDS);
    }

    @Override
    public void stageLatency(QueryStage stage, long millis) {
      line("stage:" + stage, DimensionSet.of(MetricNames.STAGE, stage.name()))
          .putMetric(MetricNames.STAGE_LATENCY, millis, Unit.MILLISECONDS);
    }

    @Override
    public void modelUsed(String engine, TokenUsage spent) {
      if (engine != null && !engine.isBlank() && spent != null) {
        usage.merge(engine, spent, TokenUsage::plus);
      }
    }

    @Override
    public void answerCache(boolean hit) {
      line("", new DimensionSet())
          .putMetric(
              hit ? MetricNames.ANSWER_CACHE_HITS : MetricNames.ANSWER_CACHE_MISSES, 1, Unit.COUNT);
    }

    @Override
    public void completed() {
      ended("COMPLETED", MetricNames.NO_ERROR);
    }

    @Override
    public void failed(ErrorCode code) {
      ended("FAILED", code == null ? ErrorCode.INTERNAL_ERROR.name() : code.name());
    }

    @Override
    public void retried() {
      line("", new DimensionSet()).putMetric(MetricNames.RETRIES, 1, Unit.COUNT);
    }

    private void ended(String status, String code) {
      String key = "status:" + status + ":" + code;
      if (!lines.containsKey(key)) {
        MetricsLogger logger = logger();
        logger.setDimensions(
            DimensionSet.of(MetricNames.STATUS, status),
            DimensionSet.of(MetricNames.STATUS, status, MetricNames.ERROR_CODE, code));
        lines.put(key, logger);
      }
      lines.get(key).putMetric(MetricNames.QUERIES, 1, Unit.COUNT);
    }

    private MetricsLogger line(String key, DimensionSet dimensions) {
      return lines.computeIfAbsent(
          key,
          k -> {
            MetricsLogger logger = logger();
            // setDimensions, not putDimensions: no default ServiceName/ServiceType dimensions.
            logger.setDimensions(dimensions);
            return logger;
          });
    }

    private MetricsLogger logger() {
      MetricsLogger logger = new MetricsLogger(environment);
      logger.setNamespace(namespace);
      if (queryId != null) {
        logger.putProperty(QUERY_ID_PROPERTY, queryId.toString());
      }
      return logger;
    }

    @Override
    public void close() {
      usage.forEach(
          (engine, spent) -> {
            try {
              MetricsLogger logger = logger();
              // By engine, and in total (the cost alarm's metric).
              logger.setDimensions(DimensionSet.of(MetricNames.ENGINE, engine), new DimensionSet());
              lines.put("engine:" + engine, logger);
              logger.putMetric(MetricNames.MODEL_PROMPT_TOKENS, spent.promptTokens(), Unit.COUNT);
              logger.putMetric(
                  MetricNames.MODEL_COMPLETION_TOKENS, spent.completionTokens(), Unit.COUNT);
              logger.putMetric(MetricNames.MODEL_COST, spent.estimatedCostUsd(), Unit.NONE);
            } catch (IllegalArgumentException e) {
              // An engine name the format refuses as a dimension value: the other lines still go.
              log.warn("model metrics not published: {}", e.getMessage());
            }
          });
      usage.clear();
      for (MetricsLogger logger : lines.values()) {
        try {
          logger.flush();
        } catch (IllegalArgumentException e) {
          // A value the format refuses: the other lines still go out; metrics never fail a query.
          log.warn("metrics line not published: {}", e.getMessage());
        }
      }
      lines.clear();
    }
  }

  /** Where the EMF library sends a flushed context: serialized, one line per object. */
  private record LineEnvironment(Consumer<String> lines) implements Environment, ISink {
    @Override
    public boolean probe() {
      return true;
    }

    @Override
    public String getName() {
      return "sqm";
    }

    @Override
    public String getType() {
      return "AWS::Lambda::Function";
    }

    @Override
    public String getLogGroupName() {
      return "";
    }

    @Override
    public void configureContext(MetricsContext context) {
      // Nothing added: the function's log already names it.
    }

    @Override
    public ISink getSink() {
      return this;
    }

    @Override
    public void accept(MetricsContext context) {
      try {
        context.serialize().forEach(lines);
      } catch (JsonProcessingException e) {
        log.warn("metrics line not serialized: {}", e.getOriginalMessage());
      }
    }

    @Override
    public CompletableFuture<Void> shutdown() {
      return CompletableFuture.completedFuture(null);
    }
  }
}
