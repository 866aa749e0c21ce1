package com.sqm.pipeline;

import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.AWSXRayRecorderBuilder;
import com.amazonaws.xray.config.DaemonConfiguration;
import com.amazonaws.xray.emitters.Emitter;
import com.amazonaws.xray.entities.Segment;
import com.amazonaws.xray.entities.Subsegment;
import com.amazonaws.xray.entities.ThrowableDescription;
import com.amazonaws.xray.strategy.IgnoreErrorContextMissingStrategy;
import com.amazonaws.xray.strategy.sampling.AllSamplingStrategy;
import com.sqm.model.QueryStage;
import com.sqm.model.SqmException;
import java.io.IOException;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the worker's stages to X-Ray as subsegments, through a recorder of its own (not the SDK's
 * global one) that sends to the daemon at {@code AWS_XRAY_DAEMON_ADDRESS}. In Lambda (tracing
 * Active) the stages hang under the invocation's segment; elsewhere ({@code ./sqm dev} with tracing
 * on) each delivery is a segment of its own, named {@value #SEGMENT_NAME}. Without a segment
 * (tracing on but no trace context) the stages run untraced, without a word in the log.
 */
public final class XRayStageTracer implements StageTracer {
  private static final Logger log = LoggerFactory.getLogger(XRayStageTracer.class);

  /** The setting that turns tracing on: {@code true} (the template sets it on the worker). */
  public static final String SETTING = "SQM_TRACING";

  /** Where the daemon listens (host:port; Lambda sets it; default 127.0.0.1:2000). */
  public static final String DAEMON_ADDRESS_SETTING =
      DaemonConfiguration.DAEMON_ADDRESS_ENVIRONMENT_VARIABLE_KEY;

  static final String SEGMENT_NAME = "sqm-worker";

  private final AWSXRayRecorder recorder;
  private final boolean ownSegments;

  private XRayStageTracer(AWSXRayRecorder recorder, boolean ownSegments) {
    this.recorder = recorder;
    this.ownSegments = ownSegments;
  }

  /** The tracer {@code env} asks for: X-Ray when {@value #SETTING} is true, else none. */
  public static StageTracer fromEnvironment(Function<String, String> env) {
    if (!"true".equalsIgnoreCase(String.valueOf(env.apply(SETTING)).strip())) {
      return NONE;
    }
    DaemonConfiguration daemon = new DaemonConfiguration();
    String address = env.apply(DAEMON_ADDRESS_SETTING);
    if (address != null && !address.isBlank()) {
      daemon.setDaemonAddress(address.strip());
    }
    try {
      AWSXRayRecorder recorder =
          AWSXRayRecorderBuilder.standard()
              .withEmitter(Emitter.create(daemon))
              // No centralized sampling poller and no EC2/ECS metadata plugins: every delivery of
              // a process that asked for tracing is traced.
              .withSamplingStrategy(new AllSamplingStrategy())
              .withContextMissingStrategy(new IgnoreErrorContextMissingStrategy())
              .build();
      return new XRayStageTracer(recorder, env.apply("AWS_LAMBDA_FUNCTION_NAME") == null);
    } catch (IOException e) {
      // Tracing is an aid: a worker that cannot trace still answers.
      log.warn("tracing off: no UDP socket for the X-Ray daemon: {}", e.toString());
      return NONE;
    }
  }

  @Override
  public Span delivery(UUID queryId) {
    if (!ownSegments) {
      // Lambda's own segment is the delivery's: the stages become its subsegments.
      return () -> {};
    }
    Segment segment = recorder.beginSegment(SEGMENT_NAME);
    segment.putAnnotation("queryId", queryId.toString());
    return recorder::endSegment;
  }

  @Override
  public <T> T stage(QueryStage stage, Supplier<T> work) {
    Subsegment subsegment = recorder.beginSubsegment(stage.name());
    try {
      return work.get();
    } catch (RuntimeException e) {
      subsegment.setFault(true);
      subsegment.getCause().addException(failure(e));
      throw e;
    } finally {
      recorder.endSubsegment();
    }
  }

  /**
   * The exception's type and, for our own, its error code: never its message or stack, since a data
   * source's error can quote the values it refused.
   */
  private static ThrowableDescription failure(RuntimeException e) {
    ThrowableDescription description = new ThrowableDescription();
    description.setType(e.getClass().getSimpleName());
    if (e instanceof SqmException sqm) {
      description.setMessage(sqm.code().name());
    }
    return description;
  }
}
