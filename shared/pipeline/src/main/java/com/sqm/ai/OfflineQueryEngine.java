package com.sqm.ai;

import com.sqm.ai.QueryPlan.Aggregate;
import com.sqm.ai.QueryPlan.PatternFilter;
import com.sqm.ai.QueryPlan.ValueFilter;
import com.sqm.cache.BoundedLru;
import com.sqm.model.AIAnalysis;
import com.sqm.model.DataResult;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryTemplate;
import com.sqm.model.QueryType;
import com.sqm.model.SqlAttempt;
import com.sqm.model.SqmException;
import com.sqm.pipeline.ResultSummarizer;
import com.sqm.schema.SchemaSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A deterministic engine without a model: matches the question's words to the schema's names,
 * comments, keys and sample values and writes SQL for common shapes (count, top N, aggregates, time
 * series, lists). Refuses rather than guesses when the question does not map to the schema.
 */
public final class OfflineQueryEngine implements QueryEngine {
  private final ResultSummarizer summarizer;

  /**
   * The vocabulary of each schema snapshot seen lately. A snapshot is cached and shared for
   * minutes, and a vocabulary (every table and column name split and stemmed) is immutable once
   * built, so questions on the same snapshot share one instead of building it each time.
   */
  private final Map<SnapshotIdentity, SchemaVocabulary> vocabularies =
      BoundedLru.synchronizedMap(16);

  /** A snapshot by identity: two equal snapshots read at different times are different entries. */
  private record SnapshotIdentity(SchemaSnapshot snapshot) {
    @Override
    public boolean equals(Object other) {
      return other instanceof SnapshotIdentity that && that.snapshot == snapshot;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(snapshot);
    }
  }

  public OfflineQueryEngine() {
    this(new ResultSummarizer());
  }

  public OfflineQueryEngine(ResultSummarizer summarizer) {
    this.summarizer = summarizer;
  }

  @Override
  public String name() {
    return "offline";
  }

  /** No model: answering costs no tokens, so no budget stops it. */
  @Override
  public boolean spendsTokens() {
    return false;
  }

  @Override
  public EngineAnswer<SqlDraft> draft(QuestionContext context) {
    Optional<QueryTemplate> example = ExampleMatcher.match(context.question(), context.examples());
    if (example.isPresent()) {
      return EngineAnswer.free(
          new SqlDraft(
              exampleAnalysis(example.get(), context.schema()),
              stripSemicolon(example.get().sql())));
    }
    SchemaVocabulary vocab = vocabulary(context);
    QueryPlan plan =
        QueryPlanner.plan(Glossary.expand(context.question(), context.instructions()), vocab);
    return EngineAnswer.free(new SqlDraft(analysis(plan, vocab), SqlWriter.write(vocab, plan)));
  }

  /** Deterministic: the same question gives the same SQL, so there is nothing else to offer. */
  @Override
  public Optional<EngineAnswer<SqlDraft>> correct(
      QuestionContext context, List<SqlAttempt> failures) {
    return Optional.empty();
  }

  @Override
  public EngineAnswer<Interpretation> interpret(
      QuestionContext context, AIAnalysis analysis, String sql, DataResult result) {
    return EngineAnswer.free(
        new Interpretation(
            summarizer.summarize(context.question(), analysis, result), List.of(), null));
  }

  private SchemaVocabulary vocabulary(QuestionContext context) {
    if (context.schema() == null || context.schema().tables().isEmpty()) {
      throw new SqmException(
          ErrorCode.QUESTION_NOT_ANSWERABLE,
          "The data source has no tables the question could be answered from.");
    }
    return vocabularies.computeIfAbsent(
        new SnapshotIdentity(context.schema()), key -> new SchemaVocabulary(key.snapshot()));
  }

  private static AIAnalysis analysis(QueryPlan plan, SchemaVocabulary vocab) {
    List<String> measures = new ArrayList<>();
    String valueName = SqlWriter.valueName(plan);
    if (plan.aggregate() == Aggregate.COUNT || plan.measure() == null) {
      measures.add(
          plan.distinctCount()
              ? "COUNT(DISTINCT " + plan.measure() + ")"
              : "COUNT(" + plan.subject().name() + ")");
    } else if (plan.ratioDenominator() != null) {
      measures.add(plan.aggregate() + "(" + plan.measure() + ") / " + plan.ratioDenominator());
    } else {
      measures.add(plan.aggregate() + "(" + plan.measure() + ")");
    }
    for (QueryPlan.ExtraValue v : plan.extraValues()) {
      measures.add(
          v.aggregate() + "(" + (v.measure() != null ? v.measure() : v.counted().name()) + ")");
    }
    List<String> dimensions = new ArrayList<>();
    if (plan.grain() != null) {
      dimensions.add(plan.grain() + "(" + plan.dateColumn() + ")");
    }
    if (plan.group() != null) {
      dimensions.add(
          plan.group().column() != null
              ? plan.group().column().toString()
              : plan.group().table().name());
    }
    List<String> filters = new ArrayList<>();
    for (ValueFilter f : plan.filters()) {
      filters.add(filterText(f));
    }
    for (PatternFilter p : plan.patterns()) {
      filters.add(p.column() + " " + p.description());
    }
    if (plan.time() != null) {
      filters.add(plan.dateColumn() + " " + period(plan.time().description()));
    }
    if (plan.comparedTime() != null) {
      filters.add(plan.dateColumn() + " " + period(plan.comparedTime().description()));
    }
    if (plan.absent() != null) {
      filters.add("no related row in " + plan.absent().name());
    }
    for (ValueFilter f : plan.share()) {
      measures.add("share where " + filterText(f));
    }
    return new AIAnalysis(
        plan.type(),
        intent(plan, valueName),
        SqlWriter.tables(vocab, plan),
        measures,
        dimensions,
        filters,
        plan.limit(),
        plan.confidence());
  }

  private static String filterText(ValueFilter f) {
    if (f.values().size() == 1) {
      return f.column() + (f.negated() ? " <> '" : " = '") + f.values().get(0) + "'";
    }
    return f.column() + (f.negated() ? " NOT IN " : " IN ") + f.values();
  }

  private static String intent(QueryPlan plan, String valueName) {
    String what = words(valueName);
    StringBuilder sb = new StringBuilder();
    switch (plan.type()) {
      case COUNT ->
          sb.append("Count ")
              .append(
                  plan.distinctCount() ? "distinct " + words(plan.measure().name()) + " of " : "")
              .append(words(plan.subject().name()));
      case TOP_N ->
          sb.append(plan.descending() ? "Top " : "Bottom ")
              .append(plan.limit())
              .append(' ')
              .append(groupWords(plan))
              .append(" by ")
              .append(plan.aggregate() == Aggregate.COUNT ? what : words(plan.measure().name()));
      case TIME_SERIES -> sb.append(capitalise(what)).append(" per ").append(plan.grain());
      case AGGREGATE -> sb.append(plan.share().isEmpty() ? capitalise(what) : "Share of " + what);
      case GROUPED_AGGREGATE -> sb.append(capitalise(what)).append(" by ").append(groupWords(plan));
      case LIST ->
          sb.append(
                  plan.newestFirst() == null
                      ? "List "
                      : plan.newestFirst()
                          ? "Newest " + plan.limit() + " "
                          : "Oldest " + plan.limit() + " ")
              .append(words(plan.subject().name()));
      default -> sb.append("Answer the question");
    }
    List<String> conditions = new ArrayList<>();
    for (ValueFilter f : plan.filters()) {
      conditions.add(
          words(f.column().name())
              + (f.negated() ? " not " : " ")
              + String.join(" or ", f.values()));
    }
    for (PatternFilter p : plan.patterns()) {
      conditions.add(words(p.column().name()) + " " + p.description());
    }
    if (plan.time() != null) {
      conditions.add(
          words(plan.dateColumn().name())
              + " "
              + period(plan.time().description())
              + (plan.comparedTime() == null
                  ? ""
                  : " compared to " + plan.comparedTime().description()));
    }
    if (plan.absent() != null) {
      conditions.add("no " + words(plan.absent().name()) + " exist");
    }
    String part = "";
    for (ValueFilter f : plan.share()) {
      part += " from " + words(f.column().name()) + " " + String.join(" or ", f.values());
    }
    sb.append(part);
    if (!conditions.isEmpty()) {
      sb.append(" where ").append(String.join(" and ", conditions));
    }
    if (plan.orderBy() != null && plan.type() != QueryType.TOP_N) {
      sb.append(", sorted by ")
          .append(plan.orderBy().column() == null ? what : words(plan.orderBy().column().name()))
          .append(plan.orderBy().descending() ? " descending" : " ascending");
    }
    return sb.append('.').toString();
  }

  /** "in March 2024", but "since 2023". */
  private static String period(String description) {
    return description.startsWith("since") ? description : "in " + description;
  }

  private static String groupWords(QueryPlan plan) {
    return plan.group().column() != null
        ? words(plan.group().column().name())
        : words(plan.group().table().name());
  }

  private static String words(String identifier) {
    return identifier.toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static AIAnalysis exampleAnalysis(QueryTemplate example, SchemaSnapshot schema) {
    String lower = example.sql().toLowerCase(Locale.ROOT);
    List<String> tables =
        schema == null
            ? List.of()
            : schema.tables().stream()
                .map(SchemaSnapshot.Table::name)
                .filter(
                    n ->
                        lower.matches(
                            "(?s).*\\b" + Pattern.quote(n.toLowerCase(Locale.ROOT)) + "\\b.*"))
                .toList();
    return new AIAnalysis(
        QueryType.OTHER,
        "Answer with the worked example '" + example.name() + "'.",
        tables,
        List.of(),
        List.of(),
        List.of(),
        null,
        0.9);
  }

  private static String stripSemicolon(String sql) {
    String s = sql.strip();
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    return s;
  }
}
