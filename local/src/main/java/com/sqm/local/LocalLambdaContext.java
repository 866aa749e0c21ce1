package com.sqm.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Lambda {@link Context} of one local invocation: a request id, a deadline and a logger. */
public final class LocalLambdaContext implements Context {
  private static final String REGION_ACCOUNT = "us-east-1:000000000000";

  private final String functionName;
  private final String requestId;
  private final long deadlineMillis;
  private final LambdaLogger logger;

  public LocalLambdaContext(String functionName, String requestId, Duration timeout) {
    this.functionName = functionName;
    this.requestId = requestId;
    this.deadlineMillis = System.currentTimeMillis() + timeout.toMillis();
    Logger slf4j = LoggerFactory.getLogger("lambda." + functionName);
    this.logger =
        new LambdaLogger() {
          @Override
          public void log(String message) {
            slf4j.info("{}", message.stripTrailing());
          }

          @Override
          public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
          }
        };
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "local";
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:" + REGION_ACCOUNT + ":function:" + functionName;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
  }

  @Override
  public int getMemoryLimitInMB() {
    return 1024;
  }

  @Override
  public LambdaLogger getLogger() {
    return logger;
  }
}
