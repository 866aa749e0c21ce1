package com.sqm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
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

  @Test
  void shouldRejectCursor_whenTamperedToATimeTheStoreCannotHold() {
    for (String time :
        List.of(
            "+1000000000-12-31T23:59:59.999999999Z",
            "+300000-01-01T00:00:00Z",
            "-4714-01-01T00:00:00Z")) {
      String tampered =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString((time + "|" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));

      assertThatThrownBy(() -> QueryCursor.decode(tampered))
          .as(time)
          .isInstanceOfSatisfying(
              SqmException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
    }
  }
}
