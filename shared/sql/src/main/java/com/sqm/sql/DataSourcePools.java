package com.sqm.sql;

import com.sqm.model.DataSourceConfig;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.secret.SecretStore;
import com.sqm.secret.SecretStores;
import com.sqm.sql.secret.SecretValues;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One small read-only HikariCP pool and one circuit breaker per data source id (see {@link
 * DataSourcePool}). {@code connectionRef} is {@code secret:NAME} (a secret of the {@link
 * SecretStore}: a JDBC URL or RDS JSON), {@code env:VAR} naming a variable that holds a URL, or a
 * {@code jdbc:postgresql://} URL; user and password are taken out of the URL so no log line can
 * carry them.
 */
public final class DataSourcePools implements AutoCloseable {
  private static final String PREFIX = "jdbc:postgresql://";
  private static final String ENV = "env:";
  private static final String SECRET = "secret:";
  private static final String FINGERPRINT_ALGORITHM = "HmacSHA256";
  private static final Logger LOG = LoggerFactory.getLogger(DataSourcePools.class);

  /**
   * Most bytes the driver may buffer for one fetch of rows. The executor's byte cap only sees a
   * value once the driver has read all of it, so without this a single lpad/string_agg value of a
   * few hundred MB is read into memory whole and the worker dies of OutOfMemoryError.
   */
  static final long MAX_FETCH_BUFFER_BYTES = 16L * 1024 * 1024;

  private final Function<String, String> env;
  private final Settings settings;
  private final SecretStore secrets;
  private final Map<String, Entry> pools = new ConcurrentHashMap<>();
  private final List<DataSourcePool> retired = new CopyOnWriteArrayList<>();
  private final SecretKeySpec fingerprintKey;

  /**
   * Pools with the settings of {@link Settings#fromEnvironment} and the secret store of {@link
   * SecretStores#fromEnvironment}, read from {@code env}.
   */
  public DataSourcePools(Function<String, String> env) {
    this(env, Settings.fromEnvironment(env));
  }

  public DataSourcePools(Function<String, String> env, Settings settings) {
    this(env, settings, SecretStores.fromEnvironment(env));
  }

  public DataSourcePools(Function<String, String> env, Settings settings, SecretStore secrets) {
    this.env = env;
    this.settings = settings;
    this.secrets = secrets;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.fingerprintKey = new SecretKeySpec(key, FINGERPRINT_ALGORITHM);
  }

  /**
   * How fast an unreachable data source is given up on.
   *
   * @param connectTimeout how long a run waits for a connection (HikariCP's connectionTimeout; the
   *     driver's connect and login timeouts are the same, rounded up to whole seconds); at least
   *     250 ms
   * @param breakerFailures connection failures in a row that open the data source's circuit breaker
   * @param breakerWait how long an open breaker fails runs at once before it lets one trial run
   *     through
   * @param clock the breaker's clock
   * @param poolSize connections per data source: a Lambda container answers one question at a time;
   *     the local runner, answering several at once, sets it to its worker concurrency
   * @param secretTtl how long a resolved {@code connectionRef} is trusted before it is resolved
   *     again (so a rotated secret is picked up); a refused login resolves it again at once
   */
  public record Settings(
      Duration connectTimeout,
      int breakerFailures,
      Duration breakerWait,
      Clock clock,
      int poolSize,
      Duration secretTtl) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_POOL_SIZE = 2;
    public static final Duration DEFAULT_SECRET_TTL = Duration.ofMinutes(5);
    public static final int DEFAULT_BREAKER_FAILURES = 3;
    public static final Duration DEFAULT_BREAKER_WAIT = Duration.ofSeconds(10);

    public Settings {
      if (connectTimeout.toMillis() < 250) {
        throw new IllegalArgumentException("the connect timeout must be at least 250 ms");
      }
      if (breakerFailures < 1) {
        throw new IllegalArgumentException("the breaker needs at least 1 failure to open");
      }
      if (breakerWait.isNegative() || breakerWait.isZero()) {
        throw new IllegalArgumentException("the breaker's wait must be positive");
      }
      if (poolSize < 1) {
        throw new IllegalArgumentException("a data source pool needs at least 1 connection");
      }
      if (secretTtl.isNegative()) {
        throw new IllegalArgumentException("the secret TTL must not be negative");
      }
    }

    public Settings(
        Duration connectTimeout, int breakerFailures, Duration breakerWait, Clock clock) {
      this(connectTimeout, breakerFailures, breakerWait, clock, DEFAULT_POOL_SIZE);
    }

    public Settings(
        Duration connectTimeout,
        int breakerFailures,
        Duration breakerWait,
        Clock clock,
        int poolSize) {
      this(connectTimeout, breakerFailures, breakerWait, clock, poolSize, DEFAULT_SECRET_TTL);
    }

    /**
     * {@code SQM_DATASOURCE_CONNECT_TIMEOUT_MS} (default 2000), {@code
     * SQM_DATASOURCE_BREAKER_FAILURES} (3), {@code SQM_DATASOURCE_BREAKER_WAIT_SECONDS} (10),
     * {@code SQM_DATASOURCE_POOL_SIZE} (2) and {@code SQM_DATASOURCE_SECRET_TTL_SECONDS} (300).
     */
    public static Settings fromEnvironment(Function<String, String> env) {
      return new Settings(
          Duration.ofMillis(
              number(env, "SQM_DATASOURCE_CONNECT_TIMEOUT_MS", DEFAULT_CONNECT_TIMEOUT.toMillis())),
          (int) number(env, "SQM_DATASOURCE_BREAKER_FAILURES", DEFAULT_BREAKER_FAILURES),
          Duration.ofSeconds(
              number(env, "SQM_DATASOURCE_BREAKER_WAIT_SECONDS", DEFAULT_BREAKER_WAIT.toSeconds())),
          Clock.systemUTC(),
          (int) number(env, "SQM_DATASOURCE_POOL_SIZE", DEFAULT_POOL_SIZE),
          Duration.ofSeconds(
              number(env, "SQM_DATASOURCE_SECRET_TTL_SECONDS", DEFAULT_SECRET_TTL.toSeconds())));
    }

    private static long number(Function<String, String> env, String name, long fallback) {
      String value = env.apply(name);
      if (value == null || value.isBlank()) {
        return fallback;
      }
      try {
        return Long.parseLong(value.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a whole number", e);
      }
    }
  }

  /**
   * The pool of {@code ds}, created on first use. Connections from it, and runs through {@link
   * ReadOnlySqlRunner}, pass the data source's circuit breaker.
   *
   * <p>The pool follows the data source: when {@code ds.connectionRef()} is not the one the pool
   * was built from, or {@link Settings#secretTtl()} has passed since it was resolved, it is
   * resolved again, and a pool built from other connection settings (another URL, role, password)
   * replaces the old one. The old pool takes no new work (a handle to it hands out connections of
   * its successor) and is closed once its last connection in use is given back.
   */
  public DataSource forDataSource(DataSourceConfig ds) {
    if (!ds.enabled()) {
      throw new SqmException(
          ErrorCode.DATASOURCE_DISABLED, "data source " + ds.id() + " is disabled");
    }
    closeRetiredIdle();
    String ref = ds.connectionRef();
    Entry entry = pools.get(ds.id());
    if (entry != null && entry.builtFor(ref) && !entry.expired(settings)) {
      return entry.pool();
    }
    return refresh(ds.id(), ref, entry);
  }

  /**
   * Resolves {@code ref} again and keeps, or replaces, the pool of {@code id}. A failed resolution
   * of an unchanged {@code ref} keeps the pool that still works (and is retried on the next use).
   */
  private synchronized DataSourcePool refresh(String id, String ref, Entry seen) {
    Entry entry = pools.get(id);
    if (entry != seen && entry != null && entry.builtFor(ref) && !entry.expired(settings)) {
      return entry.pool();
    }
    ConnectionSettings resolved;
    try {
      resolved = resolve(ref);
    } catch (SqmException e) {
      if (entry == null || !entry.builtFor(ref)) {
        throw e;
      }
      LOG.warn(
          "data source {}: connectionRef could not be resolved again, the pool stays: {}",
          id,
          e.getMessage());
      return entry.pool();
    }
    return install(id, ref, resolved, entry);
  }

  /**
   * Called by a pool whose server refused the login (a rotated password): resolves the data
   * source's reference at once and returns the pool to try once more, or null when the settings did
   * not change (the refusal stands).
   */
  private synchronized DataSourcePool afterLoginRefused(DataSourcePool refused) {
    Entry entry = pools.get(refused.id());
    if (entry == null) {
      return null;
    }
    if (entry.pool() != refused) {
      return entry.pool();
    }
    ConnectionSettings resolved;
    try {
      // Past the secret store's cache: the cached value is the one just refused.
      resolved = resolve(entry.connectionRef(), true);
    } catch (SqmException e) {
      LOG.warn(
          "data source {}: connectionRef could not be resolved again: {}",
          refused.id(),
          e.getMessage());
      return null;
    }
    DataSourcePool pool = install(refused.id(), entry.connectionRef(), resolved, entry);
    return pool == refused ? null : pool;
  }

  private DataSourcePool install(String id, String ref, ConnectionSettings resolved, Entry entry) {
    String fingerprint = fingerprint(resolved);
    Instant now = settings.clock().instant();
    if (entry != null && entry.pool().fingerprint().equals(fingerprint)) {
      pools.put(id, new Entry(entry.pool(), ref, now));
      return entry.pool();
    }
    DataSourcePool pool =
        new DataSourcePool(
            id, createPool(id, resolved, settings), settings, fingerprint, this::afterLoginRefused);
    pools.put(id, new Entry(pool, ref, now));
    if (entry != null) {
      LOG.info("data source {}: connection settings changed, its pool is replaced", id);
      entry.pool().retire(pool);
      retired.add(entry.pool());
      closeRetiredIdle();
    }
    return pool;
  }

  /** Closes the replaced pools that no longer have a connection in use. */
  private void closeRetiredIdle() {
    retired.removeIf(DataSourcePool::closeIfIdle);
  }

  /**
   * What a pool was built from, without keeping the credentials: an HMAC under a key of this
   * instance, so two settings compare equal only if everything, password included, is the same.
   */
  private String fingerprint(ConnectionSettings resolved) {
    Mac mac;
    try {
      mac = Mac.getInstance(FINGERPRINT_ALGORITHM);
      mac.init(fingerprintKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
    List<String> parts = new ArrayList<>();
    parts.add(resolved.url());
    parts.add(String.valueOf(resolved.user()));
    parts.add(String.valueOf(resolved.password()));
    new TreeMap<>(resolved.secrets()).forEach((key, value) -> parts.add(key + "=" + value));
    for (String part : parts) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
      mac.update(bytes);
    }
    return HexFormat.of().formatHex(mac.doFinal());
  }

  /** The pool of a data source, the {@code connectionRef} it was resolved from, and when. */
  private record Entry(DataSourcePool pool, String connectionRef, Instant resolvedAt) {
    boolean builtFor(String ref) {
      return Objects.equals(connectionRef, ref);
    }

    boolean expired(Settings settings) {
      return !settings.clock().instant().isBefore(resolvedAt.plus(settings.secretTtl()));
    }
  }

  /**
   * The connection settings {@code connectionRef} stands for; the URL keeps no user or password.
   */
  ConnectionSettings resolve(String connectionRef) {
    return resolve(connectionRef, false);
  }

  /**
   * @param refreshed read a secret past the store's cache ({@link SecretStore#refreshedValue})
   */
  private ConnectionSettings resolve(String connectionRef, boolean refreshed) {
    String ref = connectionRef == null ? "" : connectionRef.strip();
    String url = ref;
    if (ref.startsWith(SECRET)) {
      String name = ref.substring(SECRET.length());
      String value = refreshed ? secrets.refreshedValue(name) : secrets.value(name);
      url = SecretValues.jdbcUrl(name, value);
    } else if (ref.startsWith(ENV)) {
      String variable = ref.substring(ENV.length());
      url = env.apply(variable);
      if (url == null || url.isBlank()) {
        throw new SqmException(
            ErrorCode.DATASOURCE_ERROR,
            "environment variable " + variable + " is not set",
            "connectionRef");
      }
      url = url.strip();
    }
    if (!url.startsWith(PREFIX)) {
      throw new SqmException(
          ErrorCode.DATASOURCE_ERROR,
          "connectionRef must be secret:NAME, env:VAR_NAME or a jdbc:postgresql:// URL",
          "connectionRef");
    }
    return ConnectionSettings.parse(url);
  }

  private static HikariDataSource createPool(
      String id, ConnectionSettings settings, Settings pools) {
    Duration connectTimeout = pools.connectTimeout();
    HikariConfig config = new HikariConfig();
    config.setPoolName("sqm-ds-" + id.replaceAll("[^A-Za-z0-9_-]", "_"));
    config.setJdbcUrl(settings.url());
    if (settings.user() != null) {
      config.setUsername(settings.user());
    }
    if (settings.password() != null) {
      config.setPassword(settings.password());
    }
    settings.secrets().forEach(config::addDataSourceProperty);
    config.setMaximumPoolSize(pools.poolSize());
    config.setMinimumIdle(0);
    config.setReadOnly(true);
    // auto-commit so the init SQL below takes effect; ReadOnlyTransaction turns it off per query
    config.setAutoCommit(true);
    // an unreachable server is given up on quickly, and each attempt is bounded by the driver too
    config.setConnectionTimeout(connectTimeout.toMillis());
    config.setValidationTimeout(Math.min(connectTimeout.toMillis(), 5_000));
    String driverSeconds = String.valueOf((connectTimeout.toMillis() + 999) / 1000);
    config.addDataSourceProperty("connectTimeout", driverSeconds);
    config.addDataSourceProperty("loginTimeout", driverSeconds);
    config.setInitializationFailTimeout(-1);
    // read-only at the session level too, so even SQL that bypassed the runner cannot write
    config.addDataSourceProperty("options", "-c default_transaction_read_only=on");
    config.setConnectionInitSql("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
    config.addDataSourceProperty("ApplicationName", "sqm");
    config.addDataSourceProperty("maxResultBuffer", String.valueOf(MAX_FETCH_BUFFER_BYTES));
    return new HikariDataSource(config);
  }

  /** The circuit breaker of data source {@code id}, or null before its first use. */
  CircuitBreaker breaker(String id) {
    Entry entry = pools.get(id);
    return entry == null ? null : entry.pool().breaker();
  }

  @Override
  public synchronized void close() {
    pools.values().forEach(entry -> entry.pool().close());
    pools.clear();
    retired.forEach(DataSourcePool::close);
    retired.clear();
  }

  /**
   * URL parameters that are secrets besides the password: passed as properties, never in the URL.
   */
  private static final Set<String> SECRET_PARAMETERS = Set.of("sslpassword");

  /**
   * A JDBC URL without credentials, and the credentials it carried ({@code secrets}: other secret
   * driver properties such as {@code sslpassword}).
   */
  record ConnectionSettings(String url, String user, String password, Map<String, String> secrets) {
    static ConnectionSettings parse(String url) {
      int q = url.indexOf('?');
      if (q < 0) {
        return new ConnectionSettings(url, null, null, Map.of());
      }
      String user = null;
      String password = null;
      Map<String, String> secrets = new LinkedHashMap<>();
      List<String> kept = new ArrayList<>();
      for (String pair : url.substring(q + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (key.equals("user")) {
          user = value;
        } else if (key.equals("password")) {
          password = value;
        } else if (SECRET_PARAMETERS.contains(key)) {
          secrets.put(key, value);
        } else {
          kept.add(pair);
        }
      }
      String base = url.substring(0, q);
      return new ConnectionSettings(
          kept.isEmpty() ? base : base + "?" + String.join("&", kept),
          user,
          password,
          Map.copyOf(secrets));
    }

    @Override
    public String toString() {
      return "ConnectionSettings[url="
          + url
          + ", user="
          + user
          + ", password="
          + (password == null ? "none" : "***")
          + ", secrets="
          + secrets.keySet()
          + "]";
    }
  }
}
