package com.sqm.testing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.time.Duration;

/**
 * A Lambda context for handler tests: a request id, and an invocation that always has {@code
 * remaining} left.
 */
public record TestLambdaContext(String requestId, Duration remaining) implements Context {
  /** Five minutes left. */
  public TestLambdaContext(String requestId) {
    this(requestId, Duration.ofMinutes(5));
  }

  /** An invocation that always has {@code remaining} left. */
  public static TestLambdaContext withRemaining(Duration remaining) {
    return new TestLambdaContext("fixed-time", remaining);
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/sqm-test";
  }

  @Override
  public String getLogStreamName() {
    return "test";
  }

  @Override
  public String getFunctionName() {
    return "sqm-test";
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:000000000000:function:sqm-test";
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
    return Math.toIntExact(remaining.toMillis());
  }

  @Override
  public int getMemoryLimitInMB() {
    return 1024;
  }

  @Override
  public LambdaLogger getLogger() {
    return null;
  }
}
