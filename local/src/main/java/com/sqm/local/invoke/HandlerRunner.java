package com.sqm.local.invoke;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.sqm.config.Json;
import com.sqm.local.LocalLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

/**
 * The child JVM of {@code ./sqm invoke}: loads one Lambda handler, reads the event the way the
 * Lambda Java runtime does (aws-lambda-java-serialization, as aws-lambda-java-tests' EventLoader),
 * invokes it once and prints its response as JSON on standard output. Everything else the handler
 * prints, logs included, goes to standard error. Exit 0 answered, 1 the handler threw, 2 it could
 * not be loaded or the event did not fit.
 *
 * <p>Arguments: handler class, method, event file, function name, timeout in seconds.
 */
public final class HandlerRunner {
  static final int HANDLER_FAILED = 1;
  static final int NOT_RUN = 2;
  private static final String EVENTS_PACKAGE = "com.amazonaws.services.lambda.runtime.events.";

  private HandlerRunner() {}

  public static void main(String[] args) {
    PrintStream response = System.out;
    // Before any logger starts, so that console appenders write to stderr.
    System.setOut(System.err);
    System.exit(run(args, response, System.err));
  }

  static int run(String[] args, PrintStream response, PrintStream err) {
    if (args.length != 5) {
      err.println("usage: HandlerRunner <class> <method> <event.json> <function> <timeout-s>");
      return NOT_RUN;
    }
    Object handler;
    Method method;
    Object event;
    try {
      Class<?> type = Class.forName(args[0]);
      method = handlerMethod(type, args[1]);
      event = event(Files.readAllBytes(Path.of(args[2])), method.getParameterTypes()[0]);
      handler = type.getDeclaredConstructor().newInstance();
    } catch (InvocationTargetException e) {
      err.println("the handler " + args[0] + " could not be created: " + e.getCause());
      e.getCause().printStackTrace(err);
      return NOT_RUN;
    } catch (ReflectiveOperationException | IOException | IllegalArgumentException e) {
      err.println("could not load " + args[0] + "::" + args[1] + " with " + args[2] + ": " + e);
      return NOT_RUN;
    }
    Context context =
        new LocalLambdaContext(
            args[3], UUID.randomUUID().toString(), Duration.ofSeconds(Long.parseLong(args[4])));
    Object result;
    try {
      result =
          method.getParameterCount() == 2
              ? method.invoke(handler, event, context)
              : method.invoke(handler, event);
    } catch (InvocationTargetException e) {
      err.println("the handler threw " + e.getCause());
      e.getCause().printStackTrace(err);
      return HANDLER_FAILED;
    } catch (IllegalAccessException e) {
      err.println("could not call " + args[0] + "::" + args[1] + ": " + e);
      return NOT_RUN;
    }
    response.println(json(result));
    response.flush();
    return 0;
  }

  /** The public, non-bridge {@code name(Input[, Context])} of {@code type}. */
  static Method handlerMethod(Class<?> type, String name) throws NoSuchMethodException {
    return Arrays.stream(type.getMethods())
        .filter(m -> m.getName().equals(name) && !m.isBridge() && !m.isSynthetic())
        .filter(m -> !Modifier.isStatic(m.getModifiers()))
        .filter(
            m ->
                m.getParameterCount() == 1
                    || (m.getParameterCount() == 2
                        && Context.class.isAssignableFrom(m.getParameterTypes()[1])))
        .findFirst()
        .orElseThrow(
            () -> new NoSuchMethodException(type.getName() + "::" + name + "(event[, Context])"));
  }

  /** The event as the Lambda runtime would hand it to a handler declaring {@code type}. */
  static Object event(byte[] json, Class<?> type) throws IOException {
    if (type.getName().startsWith(EVENTS_PACKAGE)) {
      return LambdaEventSerializers.serializerFor(type, HandlerRunner.class.getClassLoader())
          .fromJson(new ByteArrayInputStream(json));
    }
    return Json.mapper().readValue(json, type);
  }

  @SuppressWarnings("unchecked")
  static String json(Object result) {
    if (result == null) {
      return "null";
    }
    Class<Object> type = (Class<Object>) result.getClass();
    if (type.getName().startsWith(EVENTS_PACKAGE)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      LambdaEventSerializers.serializerFor(type, HandlerRunner.class.getClassLoader())
          .toJson(result, out);
      return out.toString(StandardCharsets.UTF_8);
    }
    try {
      return Json.mapper().writeValueAsString(result);
    } catch (IOException e) {
      throw new IllegalStateException("the handler's response is not JSON-serializable", e);
    }
  }
}
