package com.sqm.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every log line the process writes while attached, as text: the message, its context (query id and
 * the rest of the MDC) and any exception with its stack, so a test can search all of it.
 */
public final class CapturedLog extends AbstractAppender implements AutoCloseable {
  private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

  private CapturedLog() {
    super("captured-log", null, null, true, Property.EMPTY_ARRAY);
  }

  /** Captures from now on, at every level the loggers let through. */
  public static CapturedLog attach() {
    CapturedLog log = new CapturedLog();
    log.start();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    config.addAppender(log);
    config.getRootLogger().addAppender(log, Level.ALL, null);
    config.getLoggers().values().forEach(logger -> logger.addAppender(log, Level.ALL, null));
    context.updateLoggers();
    return log;
  }

  @Override
  public void append(LogEvent event) {
    StringBuilder line =
        new StringBuilder(event.getLoggerName())
            .append(' ')
            .append(event.getMessage().getFormattedMessage())
            .append(' ')
            .append(event.getContextData());
    if (event.getThrown() != null) {
      StringWriter stack = new StringWriter();
      event.getThrown().printStackTrace(new PrintWriter(stack));
      line.append(' ').append(stack);
    }
    lines.add(line.toString());
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    config.getRootLogger().removeAppender(getName());
    config.getLoggers().values().forEach(logger -> logger.removeAppender(getName()));
    context.updateLoggers();
    stop();
  }
}
