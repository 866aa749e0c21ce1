package com.sqm.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReaderRoleGrantsTest {
  @Test
  void shouldGrantSelectOnlyAndDefaultReadOnly_whenSchemasGiven() {
    // Arrange
    ReaderRoleGrants grants =
        new ReaderRoleGrants("sales_reader", List.of("sales", "public"), null);

    // Act
    List<String> statements = grants.statements();

    // Assert
    assertThat(statements)
        .contains(
            "ALTER ROLE sales_reader SET default_transaction_read_only = on",
            "GRANT USAGE ON SCHEMA sales TO sales_reader",
            "GRANT SELECT ON ALL TABLES IN SCHEMA sales TO sales_reader",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT ON TABLES TO sales_reader",
            "GRANT SELECT ON ALL TABLES IN SCHEMA public TO sales_reader",
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    assertThat(statements).anyMatch(s -> s.contains("NOLOGIN") && s.startsWith("ALTER ROLE"));
    assertThat(String.join("\n", statements))
        .doesNotContainIgnoringCase("GRANT INSERT")
        .doesNotContain("GRANT ALL");
  }

  @Test
  void shouldMaskPassword_whenScriptIsPrintedRedacted() {
    // Arrange
    ReaderRoleGrants grants = new ReaderRoleGrants("sales_reader", List.of("public"), "s3cr'et");

    // Act
    String script = grants.script(true);

    // Assert
    assertThat(script).contains("LOGIN PASSWORD '***'").doesNotContain("s3cr");
    assertThat(grants.script(false)).contains("LOGIN PASSWORD 's3cr''et'");
    assertThat(grants.toString()).doesNotContain("s3cr");
  }

  @Test
  void shouldRefuseInjection_whenRoleOrSchemaIsNotAPlainIdentifier() {
    // Act
    SqmException badRole =
        catchThrowableOfType(
            SqmException.class,
            () -> new ReaderRoleGrants("x; DROP ROLE postgres", List.of(), null));
    SqmException badSchema =
        catchThrowableOfType(
            SqmException.class, () -> new ReaderRoleGrants("reader", List.of("pg_catalog"), null));

    // Assert
    assertThat(badRole.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
    assertThat(badSchema.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
  }
}
