package com.sqm.ai;

import com.sqm.schema.SchemaSnapshot;
import com.sqm.schema.SchemaSnapshot.Column;
import com.sqm.schema.SchemaSnapshot.ForeignKey;
import com.sqm.schema.SchemaSnapshot.Table;
import java.util.List;

/**
 * A hand-built lending-library schema (members, books, loans) the offline engine has never seen: no
 * names shared with the demo shop.
 */
final class LibrarySchema {
  static final SchemaSnapshot SNAPSHOT =
      new SchemaSnapshot(
          List.of(
              new Table(
                  "public",
                  "members",
                  "People with a library card (patrons, readers)",
                  List.of(
                      col("id", "integer", true, "Member number"),
                      col("full_name", "text", false, "Name of the member"),
                      new Column(
                          "country",
                          "text",
                          false,
                          false,
                          "Country the member lives in",
                          List.of("France", "Germany", "Italy")),
                      col("joined_on", "date", false, "Date the member joined")),
                  List.of(),
                  1200),
              new Table(
                  "public",
                  "books",
                  "Books the library lends",
                  List.of(
                      col("id", "integer", true, "Book number"),
                      col("title", "text", false, "Title of the book"),
                      new Column(
                          "genre",
                          "text",
                          false,
                          false,
                          "Literary genre",
                          List.of("Crime", "Poetry", "Science Fiction")),
                      col("list_price", "numeric(8,2)", false, "Price of the book in EUR")),
                  List.of(),
                  5000),
              new Table(
                  "public",
                  "loans",
                  "Loans: a member borrowing a book",
                  List.of(
                      col("id", "integer", true, "Loan number"),
                      col("member_id", "integer", false, "Who borrowed"),
                      col("book_id", "integer", false, "What was borrowed"),
                      col("loan_date", "date", false, "Date the book was borrowed"),
                      col(
                          "late_fee",
                          "numeric(8,2)",
                          false,
                          "Fee charged for returning late, amount in EUR")),
                  List.of(
                      new ForeignKey(List.of("member_id"), "public", "members", List.of("id")),
                      new ForeignKey(List.of("book_id"), "public", "books", List.of("id"))),
                  90000)));

  private LibrarySchema() {}

  private static Column col(String name, String type, boolean pk, String comment) {
    return new Column(name, type, !pk, pk, comment, List.of());
  }
}
