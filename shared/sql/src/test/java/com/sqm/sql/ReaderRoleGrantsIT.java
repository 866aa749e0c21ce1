package com.sqm.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sqm.model.DataSourceLimits;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReaderRoleGrantsIT {
  @Test
  void shouldBeIdempotent_whenAppliedTwice() {
    // Arrange
    TestDatabase database = TestDatabase.get();
    ReaderRoleGrants grants =
        new ReaderRoleGrants(TestDatabase.READER, List.of("public"), TestDatabase.READER_PASSWORD);

    // Act / Assert
    assertThatCode(() -> grants.apply(database.admin())).doesNotThrowAnyException();
    assertThatCode(() -> grants.apply(database.admin())).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"CREATE TABLE public.reader_made (id int)", "DELETE FROM public.orders"})
  void shouldDenyWrites_whenReaderLeavesTheReadOnlyTransaction(String write) {
    // Arrange: even with read-write explicitly requested, the role may not create or change rows
    TestDatabase database = TestDatabase.get();
    String before = DatabaseChecksum.of(database.admin());

    // Act
    SqmException error =
        catchThrowableOfType(
            SqmException.class,
            () ->
                ReadOnlyTransaction.run(
                    database.reader(),
                    List.of("public"),
                    DataSourceLimits.DEFAULTS,
                    c -> {
                      try (Statement s = c.createStatement()) {
                        c.rollback();
                        c.setReadOnly(false);
                        s.execute("SET TRANSACTION READ WRITE");
                        return s.execute(write);
                      }
                    }));

    // Assert
    assertThat(error.code()).isEqualTo(ErrorCode.DATASOURCE_ERROR);
    assertThat(error.getMessage()).contains("permission denied");
    assertThat(DatabaseChecksum.of(database.admin())).isEqualTo(before);
  }
}
