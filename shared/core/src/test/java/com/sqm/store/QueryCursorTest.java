package com.sqm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QueryCursorTest {

  @Test
  void shouldDecodeToSamePosition_whenEncoded() {
    QueryCursor cursor =
        new QueryCursor(Instant.parse("2025-03-12T10:15:42.123456Z"), UUID.randomUUID());

    QueryCursor decoded = QueryCursor.decode(cursor.encode());

    assertThat(decoded).isEqualTo(cursor);
    assertThat(cursor.encode()).doesNotContain("=", "+", "/");
  }

  @Test
  void shouldRejectCursor_whenNotIssuedByService() {
    assertThatThrownBy(() -> QueryCursor.decode("bm90LWEtY3Vyc29y"))
        .isInstanceOfSatisfying(
            SqmException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
              assertThat(e.field()).isEqualTo("cursor");
            });
    assertThatThrownBy(() -> QueryCursor.decode("%%%")).isInstanceOf(SqmException.class);
  }
}
