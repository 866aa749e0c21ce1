package com.sqm.ai.context;

import com.sqm.ai.QuestionContext;
import com.sqm.schema.SchemaSnapshot;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Chooses what a model sees of a data source for one question: the tables most relevant to it (with
 * their join partners) cut to a token budget, so a schema of hundreds of tables still fits, and the
 * most similar worked examples.
 */
public final class ContextBuilder {
  /** Tokens of schema text shown by default. */
  public static final int DEFAULT_SCHEMA_TOKENS = 6_000;

  /** Few-shot examples shown by default. */
  public static final int DEFAULT_EXAMPLES = 5;

  private final int schemaTokenBudget;
  private final int maxExamples;
  private final SchemaRanker ranker = new SchemaRanker();
  private final SchemaRenderer renderer = new SchemaRenderer();
  private final ExampleSelector examples = new ExampleSelector();

  public ContextBuilder() {
    this(DEFAULT_SCHEMA_TOKENS, DEFAULT_EXAMPLES);
  }

  public ContextBuilder(int schemaTokenBudget, int maxExamples) {
    if (schemaTokenBudget <= 0 || maxExamples < 0) {
      throw new IllegalArgumentException(
          "schema token budget must be positive and examples not negative");
    }
    this.schemaTokenBudget = schemaTokenBudget;
    this.maxExamples = maxExamples;
  }

  /** A rough token count (about four characters a token for English text and SQL). */
  public static int estimateTokens(String text) {
    return text == null ? 0 : (text.length() + 3) / 4;
  }

  public ModelContext build(QuestionContext context) {
    String relevanceText = relevanceText(context);
    List<SchemaSnapshot.Table> tables =
        context.schema() == null || context.schema().tables() == null
            ? List.of()
            : context.schema().tables();
    List<SchemaRanker.Ranked> ranked = ranker.rank(relevanceText, tables);
    Set<String> asked = new LinkedHashSet<>(Tokens.of(relevanceText));

    StringBuilder schema = new StringBuilder();
    int maxChars = schemaTokenBudget * 4;
    int shown = 0;
    int position = 0;
    for (SchemaRanker.Ranked r : ranked) {
      int left = maxChars - schema.length();
      String text = renderer.render(r.table());
      if (text.length() > left && position < SchemaRanker.SEEDS && r.score() > 0) {
        // A wide table the question is about: show its keys and named columns rather than nothing.
        text = renderer.renderWithin(r.table(), asked, left);
      }
      position++;
      if (text != null && text.length() <= left) {
        schema.append(text);
        shown++;
      }
      if (maxChars - schema.length() < 40) {
        break;
      }
    }
    String dataSourceId = context.dataSource() == null ? null : context.dataSource().id();
    return new ModelContext(
        context.question(),
        schema.toString(),
        shown,
        tables.size(),
        examples.select(context.question(), dataSourceId, context.examples(), maxExamples),
        blankToNull(context.instructions()),
        context.followUp());
  }

  // A follow-up ("and by month?") is about the tables of the earlier question.
  private static String relevanceText(QuestionContext context) {
    StringBuilder text = new StringBuilder(context.question() == null ? "" : context.question());
    if (context.followUp() != null) {
      text.append(' ').append(nullToEmpty(context.followUp().question()));
      text.append(' ').append(nullToEmpty(context.followUp().sql()));
    }
    return text.toString();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
