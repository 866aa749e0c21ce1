package com.sqm.secret;

import com.sqm.model.SqmException;

/**
 * Where credentials live: a data source's {@code connectionRef}, or a setting such as {@code
 * SQM_REDIS_PASSWORD}, says {@code secret:NAME}, and the store hands out the value (a JDBC URL,
 * Secrets Manager's RDS JSON, a token) only to the code that connects. Values are never logged nor
 * put in an error message.
 */
public interface SecretStore {
  /**
   * The value of secret {@code name}.
   *
   * @throws SqmException DATASOURCE_ERROR naming {@code connectionRef} when there is no such secret
   *     or the store cannot be reached
   */
  String value(String name);

  /**
   * The value of secret {@code name} as the store holds it now, past any cache: for a caller whose
   * cached value was just refused (a rotated password). Stores without a cache read as {@link
   * #value}.
   *
   * @throws SqmException as {@link #value}
   */
  default String refreshedValue(String name) {
    return value(name);
  }
}
