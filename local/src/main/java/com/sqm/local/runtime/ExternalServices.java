package com.sqm.local.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where {@code ./sqm dev --external} finds the services it would otherwise start itself (e.g.
 * docker-compose.yml's): read from the same variables the deployed functions read.
 */
public record ExternalServices(
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    String redisUrl,
    Optional<String> redisPassword,
    String sqsEndpoint,
    String queueUrl,
    Optional<String> intakeQueueUrl) {
  public static final String DB_URL = "SQM_DB_URL";
  public static final String DB_USER = "SQM_DB_USER";
  public static final String DB_PASSWORD = "SQM_DB_PASSWORD";
  public static final String REDIS_URL = "SQM_REDIS_URL";
  public static final String REDIS_PASSWORD = "SQM_REDIS_PASSWORD";
  public static final String SQS_ENDPOINT = "SQM_SQS_ENDPOINT";
  public static final String QUEUE_URL = "SQM_QUEUE_URL";

  /**
   * The intake queue's URL (the stack's {@code IntakeQueueUrl}); by default {@code sqm-intake} next
   * to an {@code SQM_QUEUE_URL} ending in {@code /sqm-queries}, as LocalStack's init script creates
   * them.
   */
  public static final String INTAKE_QUEUE_URL = "SQM_INTAKE_QUEUE_URL";

  private static final List<String> REQUIRED =
      List.of(DB_URL, DB_USER, DB_PASSWORD, REDIS_URL, SQS_ENDPOINT, QUEUE_URL);

  private static final Pattern POSTGRES_URL =
      Pattern.compile("(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?");

  /**
   * The services {@code environment} names.
   *
   * @throws LocalStartupException naming the first required variable that is missing or blank, or
   *     {@code SQM_DB_URL} when it is not a {@code jdbc:postgresql://host:port/database} URL
   */
  public static ExternalServices from(Map<String, String> environment) {
    for (String name : REQUIRED) {
      if (blank(environment.get(name))) {
        throw new LocalStartupException(
            "./sqm dev --external needs "
                + name
                + " (set it in the environment or in the --env-file; see .env.example)");
      }
    }
    String dbUrl = environment.get(DB_URL).strip();
    if (!POSTGRES_URL.matcher(dbUrl).matches()) {
      throw new LocalStartupException(
          DB_URL + " must be a jdbc:postgresql://HOST:PORT/DATABASE URL");
    }
    return new ExternalServices(
        dbUrl,
        environment.get(DB_USER).strip(),
        environment.get(DB_PASSWORD),
        environment.get(REDIS_URL).strip(),
        optional(environment.get(REDIS_PASSWORD)),
        environment.get(SQS_ENDPOINT).strip(),
        environment.get(QUEUE_URL).strip(),
        optional(environment.get(INTAKE_QUEUE_URL)).map(String::strip));
  }

  /** {@code SQM_INTAKE_QUEUE_URL}, else its default next to the work queue, if there is one. */
  public Optional<String> defaultIntakeQueueUrl() {
    String workQueue = "/" + LocalQueues.QUEUE_NAME;
    return queueUrl.endsWith(workQueue)
        ? Optional.of(
            queueUrl.substring(0, queueUrl.length() - workQueue.length())
                + "/"
                + LocalIntakeQueue.QUEUE_NAME)
        : Optional.empty();
  }

  /** The JDBC URL of {@code database} on the same server as {@code SQM_DB_URL}. */
  public String databaseUrl(String database) {
    Matcher m = POSTGRES_URL.matcher(databaseUrl);
    if (!m.matches()) {
      throw new IllegalStateException("checked in from()");
    }
    return m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
  }

  /**
   * The variables of a {@code .env} file: {@code KEY=VALUE} lines; blank lines and lines starting
   * with {@code #} are skipped, and a value in matching quotes loses them.
   *
   * @throws LocalStartupException when the file cannot be read or a line is not {@code KEY=VALUE}
   */
  public static Map<String, String> readEnvFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new LocalStartupException("cannot read the env file " + file + ": " + e, e);
    }
    Map<String, String> variables = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new LocalStartupException(
            file + " line " + (i + 1) + ": expected KEY=VALUE (or a # comment)");
      }
      variables.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
    }
    return variables;
  }

  /**
   * The AWS SDK's system properties for the {@code AWS_*} variables of {@code variables} (region,
   * credentials, endpoints such as LocalStack's Secrets Manager): an env file's variables are not
   * in the process environment, where the SDK's clients would otherwise look for them.
   */
  public static Map<String, String> awsSdkProperties(Map<String, String> variables) {
    Map<String, String> properties = new HashMap<>();
    AWS_SDK_PROPERTIES.forEach(
        (variable, property) -> {
          String value = variables.get(variable);
          if (!blank(value)) {
            properties.put(property, value.strip());
          }
        });
    return properties;
  }

  private static final Map<String, String> AWS_SDK_PROPERTIES =
      Map.of(
          "AWS_REGION", "aws.region",
          "AWS_ACCESS_KEY_ID", "aws.accessKeyId",
          "AWS_SECRET_ACCESS_KEY", "aws.secretAccessKey",
          "AWS_ENDPOINT_URL", "aws.endpointUrl",
          "AWS_ENDPOINT_URL_SECRETS_MANAGER", "aws.endpointUrlSecretsManager");

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  private static Optional<String> optional(String value) {
    return blank(value) ? Optional.empty() : Optional.of(value);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  @Override
  public String toString() {
    // Never the passwords.
    return "ExternalServices[" + databaseUrl + ", " + redisUrl + ", " + queueUrl + "]";
  }
}
