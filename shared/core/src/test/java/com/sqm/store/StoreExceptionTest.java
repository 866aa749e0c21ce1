package com.sqm.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.sqm.model.ErrorCode;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class StoreExceptionTest {

  @Test
  void shouldBeTransientStoreUnavailable_whenTheDatabaseCannotBeReached() {
    Throwable[] unreachable = {
      new SQLException("Connection refused", "08001"),
      new SQLException("An I/O error occurred while sending to the backend", "08006"),
      new SQLTransientConnectionException("sqm-store - Connection is not available"),
      new SQLException("wrapped", "XX000", new ConnectException("Connection refused")),
    };
    for (Throwable cause : unreachable) {
      StoreException e = new StoreException("store the query", cause);

      assertThat(e.code()).as(cause.toString()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
      assertThat(e.isTransient()).isTrue();
      assertThat(e.getMessage()).contains("unavailable").doesNotContain("refused");
    }
  }

  @Test
  void shouldStayInternalError_whenTheDatabaseAnsweredWithAFailure() {
    StoreException e =
        new StoreException(
            "store the query", new SQLException("violates check constraint", "23514"));

    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(e.isTransient()).isFalse();
    assertThat(e.getMessage()).isEqualTo("the query store failed to store the query");
  }
}
