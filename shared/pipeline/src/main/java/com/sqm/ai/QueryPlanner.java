package com.sqm.ai;

import com.sqm.ai.Qualifiers.Recency;
import com.sqm.ai.QueryPlan.Aggregate;
import com.sqm.ai.QueryPlan.Group;
import com.sqm.ai.QueryPlan.ValueFilter;
import com.sqm.ai.SchemaResolver.Kind2;
import com.sqm.ai.SchemaResolver.Resolution;
import com.sqm.ai.SchemaVocabulary.ColumnInfo;
import com.sqm.ai.SchemaVocabulary.TableInfo;
import com.sqm.ai.ShapeWords.TopN;
import com.sqm.ai.TimePhrases.TimeFilter;
import com.sqm.ai.ValueMatcher.ValueHit;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryType;
import com.sqm.model.SqmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a question into a {@link QueryPlan} using only the schema's names, comments, keys and
 * sample values: no knowledge of any particular database. Shape words, values and schema names are
 * found by {@link ShapeWords}, {@link Qualifiers}, {@link ValueMatcher} and {@link SchemaResolver};
 * {@link QuestionLedger} then declines the question if any meaningful word was left out.
 */
final class QueryPlanner {
  private final SchemaVocabulary vocab;
  private final QuestionTokens q;
  private final ShapeWords shapes;
  private final Qualifiers qualifiers;
  private final ValueMatcher values;
  private final SchemaResolver resolver;
  private final Set<Integer> claimed = new LinkedHashSet<>();
  private final QualifierResolver qualifierResolver;
  private final DateColumns dates;
  private Qualifiers.Sort sort;

  private QueryPlanner(SchemaVocabulary vocab, String question) {
    this.vocab = vocab;
    this.q = new QuestionTokens(Compounds.join(question, vocab));
    this.shapes = new ShapeWords(q, ShapeWords.countColumnWords(vocab));
    this.qualifiers = new Qualifiers(q);
    this.values = new ValueMatcher(vocab, q);
    this.resolver = new SchemaResolver(vocab, q);
    this.qualifierResolver = new QualifierResolver(vocab, q, claimed, resolver);
    this.dates = new DateColumns(vocab, q, resolver);
  }

  static QueryPlan plan(String question, SchemaVocabulary vocab) {
    QueryPlanner planner = new QueryPlanner(vocab, question);
    QueryPlan plan = MeasureDefaults.withTally(planner.plan());
    plan = planner.qualifierResolver.withSort(plan, planner.sort);
    RequestedOutputs outputs =
        new RequestedOutputs(vocab, planner.q, planner.resolver, planner.claimed);
    plan = outputs.addValues(outputs.addNamedColumns(plan));
    QuestionLedger.check(plan, planner.q, planner.claimed, vocab);
    return plan;
  }

  private QueryPlan plan() {
    if (q.size() == 0) {
      throw notAnswerable("The question is empty.");
    }
    DataChangeRequests.refuse(q);
    Optional<TimeFilter> time = TimePhrases.filter(q.words, q.usedArray());
    NumberComparisons numbers = new NumberComparisons(vocab, q).find();
    String comparedUnit = qualifiers.comparedUnit();
    Optional<String> grain = TimePhrases.grain(q.words, q.usedArray(), resolver.spelledNames());
    Recency recency = qualifiers.recency();
    int shareAt = qualifiers.share();
    Qualifiers.Pattern pattern = qualifiers.pattern();
    sort = qualifiers.sort();
    TopN top = recency == null ? shapes.topN() : null;
    // With a ranking, the value ranked by is the main one: a count asked for in a later
    // "Return ..." sentence is one more value, not the ranking.
    int countEnd = shapes.countPhrase(top == null ? q.size() : q.outputClauseStart());
    // A count phrase decides the aggregate; a "total" elsewhere is then one more value.
    Aggregate aggregate = countEnd >= 0 ? null : shapes.aggregateWord(top != null);
    List<List<ValueHit>> valueSpans = values.find();
    DaysOfWeek days = new DaysOfWeek(vocab, q).find();
    Qualifiers.Ratio ratioWords = qualifiers.ratio();
    ColumnInfo[] ratio = qualifierResolver.ratioMeasures(ratioWords);
    if (ratio != null) {
      // "the ratio of enrolled students to the number of reviews": the counts are the ratio's.
      countEnd = -1;
      aggregate = ratioWords.perRow() ? Aggregate.AVG : aggregate;
    }
    TableInfo absent = qualifierResolver.absentTable(qualifiers.negation());

    Group group = null;
    TableInfo subject = null;
    List<Integer> measureHint = new ArrayList<>();
    if (top != null) {
      Resolution r = resolver.resolve(resolver.phrase(top.phraseStart()));
      if (r.kind() == Kind2.TABLE || r.kind() == Kind2.COLUMN) {
        group = new Group(r.table(), r.column());
        claimed.addAll(r.tokens());
      }
    }
    int rankedAt = top == null ? -1 : shapes.rankedWith(top);
    if (rankedAt < 0 && top != null && top.rankWordEnd() >= 0) {
      // "which country has the most customers": ranked by how many customers.
      rankedAt = top.rankWordEnd();
    }
    int groupAt = rankedAt >= 0 ? rankedAt - 1 : shapes.groupWord();
    if (groupAt >= 0) {
      List<Integer> tokens = resolver.phrase(groupAt + 1);
      Resolution r = resolver.resolve(tokens);
      if (r.kind() == Kind2.MEASURE) {
        measureHint.addAll(tokens);
      } else if (rankedAt >= 0 && r.kind() == Kind2.TABLE && group != null) {
        // "top 2 airlines with the most flights": ranked by how many flights.
        subject = r.table();
        aggregate = Aggregate.COUNT;
        claimed.addAll(r.tokens());
      } else if (rankedAt < 0
          && (r.kind() == Kind2.TABLE || r.kind() == Kind2.COLUMN)
          && group == null) {
        group = new Group(r.table(), r.column());
        claimed.addAll(r.tokens());
      } else if (rankedAt < 0 && r.kind() == Kind2.NONE && !tokens.isEmpty()) {
        // (After a ranking word, words that are neither a measure nor a table to count stay
        // unconsumed: the ledger names them.)
        throw notAnswerable(
            "Could not tell what to group by: '"
                + q.word(tokens.get(0))
                + "' is not a table or column of this data source.");
      }
    }

    ColumnInfo measure = ratio == null ? null : ratio[0];
    boolean distinctCount = false;
    boolean recencyPlural = false;
    if (recency != null) {
      Resolution r = resolver.resolve(resolver.phrase(recency.nounAt()));
      if (r.kind() != Kind2.TABLE) {
        throw notAnswerable(
            "Could not tell which rows to order by date: name them after 'latest'.");
      }
      subject = r.table();
      claimed.addAll(r.tokens());
      int noun = r.tokens().get(r.tokens().size() - 1);
      recencyPlural = !q.word(noun).equals(q.stem(noun));
    }
    if (countEnd >= 0) {
      List<Integer> tokens = resolver.phrase(countEnd);
      Resolution r = resolver.resolve(tokens);
      switch (r.kind()) {
        case TABLE -> subject = r.table();
        case COLUMN -> {
          if (r.column().yesNo()) {
            throw notAnswerable(
                "Could not tell what to count: "
                    + r.column()
                    + " holds yes/no values, not things to count.");
          }
          subject = r.column().table;
          measure = r.column();
          distinctCount = true;
        }
        case MEASURE -> {
          measure = r.column();
          aggregate = Aggregate.SUM;
        }
        case NONE -> {
          if (!tokens.isEmpty()) {
            throw notAnswerable(
                "Could not tell what to count: '"
                    + q.word(tokens.get(0))
                    + "' is not a table or column of this data source.");
          }
        }
      }
      claimed.addAll(r.tokens());
      if (r.kind() != Kind2.MEASURE) {
        aggregate = Aggregate.COUNT;
      }
      if (group == null && top == null && r.kind() == Kind2.TABLE) {
        group = qualifierResolver.whichAsked(countEnd, r.table());
      }
    }

    if (measure == null && recency == null && aggregate != Aggregate.COUNT) {
      TableInfo anchor = group != null ? group.table() : subject;
      measure = resolver.bestMeasure(claimed, measureHint, anchor, aggregate);
    }
    if (subject == null) {
      subject = resolver.firstTableMention(claimed, 0);
    }
    if (measure == null && subject != null && shapes.priceAsked()) {
      // "most expensive" / "cheapest" compare prices even when no column is named.
      measure = MeasureDefaults.priceColumn(subject);
    }
    if (subject == null && group == null && measure == null) {
      throw notAnswerable(QuestionLedger.nothingMatched(q, vocab));
    }
    double confidence = 0.9;

    QueryType type;
    Integer limit = null;
    boolean descending = true;
    if (recency != null) {
      if (countEnd >= 0 || aggregate != null || group != null || grain.isPresent()) {
        throw notAnswerable(
            "Could not combine the most recent rows with a count, total or grouping.");
      }
      type = QueryType.LIST;
      Integer n = recency.n();
      limit = n != null ? n : recencyPlural ? ShapeWords.DEFAULT_TOP_N : 1;
      descending = recency.newest();
    } else if (countEnd >= 0) {
      type =
          grain.isPresent()
              ? QueryType.TIME_SERIES
              : group != null ? QueryType.GROUPED_AGGREGATE : QueryType.COUNT;
      if (top != null && group != null && type == QueryType.GROUPED_AGGREGATE) {
        // "top 5 countries by number of customers"
        type = QueryType.TOP_N;
        limit = top.n();
        descending = top.descending();
      }
      if (subject == null && measure == null) {
        subject = group != null ? group.table() : null;
        if (subject == null) {
          throw notAnswerable("Could not tell what to count.");
        }
      }
    } else if (top != null) {
      if (group == null && subject != null) {
        group = new Group(subject, null);
      }
      if (group == null) {
        throw notAnswerable("Could not tell what to rank: name a table or column after 'top'.");
      }
      if (measure == null) {
        if (aggregate == Aggregate.COUNT || subject != null && subject != group.table()) {
          aggregate = Aggregate.COUNT;
        } else {
          measure = MeasureDefaults.defaultMeasure(vocab, group.table());
          confidence -= 0.2;
          if (measure == null) {
            throw notAnswerable("Could not tell what to rank the " + group.table().name() + " by.");
          }
        }
      }
      if (aggregate == null || aggregate == Aggregate.MIN || aggregate == Aggregate.MAX) {
        aggregate = measure == null ? Aggregate.COUNT : MeasureDefaults.naturalAggregate(measure);
      }
      if (subject == null || aggregate != Aggregate.COUNT) {
        subject = group.table();
      }
      type = QueryType.TOP_N;
      limit = top.n();
      descending = top.descending();
    } else if (grain.isPresent()) {
      if (measure == null && subject == null) {
        throw notAnswerable("Could not tell what to show over time.");
      }
      aggregate =
          aggregate == null
              ? (measure == null ? Aggregate.COUNT : MeasureDefaults.naturalAggregate(measure))
              : aggregate;
      type = QueryType.TIME_SERIES;
    } else if (aggregate != null || measure != null) {
      if (measure == null) {
        if (shareAt < 0) {
          throw notAnswerable(
              "Could not tell which value to "
                  + aggregate.name().toLowerCase(Locale.ROOT)
                  + ": no numeric column matches the question.");
        }
        aggregate = Aggregate.COUNT;
      }
      // "What are the easiness scores of the courses ...": the values, not one total or average.
      boolean listed =
          aggregate == null
              && group == null
              && shareAt < 0
              && ratio == null
              && q.size() > 2
              && (q.is(1, "are") || q.is(1, "were"));
      aggregate = aggregate == null ? MeasureDefaults.naturalAggregate(measure) : aggregate;
      boolean extreme = aggregate == Aggregate.MAX || aggregate == Aggregate.MIN;
      if (listed) {
        type = QueryType.LIST;
        subject = measure.table;
        limit = shapes.listLimit();
        aggregate = null;
        measure = null;
      } else if (extreme
          && group == null
          && subject != null
          && subject == measure.table
          && subject.primaryKey().isPresent()) {
        // "the most expensive product": the row itself, not just the value.
        type = QueryType.TOP_N;
        group = new Group(subject, null);
        limit = 1;
        descending = aggregate == Aggregate.MAX;
      } else {
        type = group != null ? QueryType.GROUPED_AGGREGATE : QueryType.AGGREGATE;
      }
    } else if (group != null) {
      aggregate = Aggregate.COUNT;
      subject = subject == null ? group.table() : subject;
      type = QueryType.GROUPED_AGGREGATE;
    } else if (shareAt >= 0) {
      aggregate = Aggregate.COUNT;
      type = QueryType.AGGREGATE;
    } else {
      type = QueryType.LIST;
      limit = shapes.listLimit();
    }
    if (limit != null && limit < 1) {
      throw notAnswerable("Asked for " + limit + " rows: nothing to show.");
    }
    if (subject == null) {
      subject = measure != null ? measure.table : group.table();
    }

    ColumnInfo dateColumn = null;
    TableInfo dated = measure != null && !distinctCount ? measure.table : subject;
    ColumnInfo yearColumn =
        time.isPresent() && grain.isEmpty() && recency == null && time.get().wholeYear() != null
            ? dates.yearColumn(dated)
            : null;
    if (yearColumn != null) {
      // No date, but a year: "reviews in 2021" with a year column.
      dateColumn = yearColumn;
      time = Optional.of(time.get().onYearNumber());
    } else if (time.isPresent() || grain.isPresent() || recency != null) {
      dateColumn = dates.dateColumn(dated);
    }
    if (recency != null && dateColumn.table != subject) {
      throw notAnswerable(
          "Could not order the " + subject.name() + " by date: the table has no date column.");
    }
    List<ValueFilter> filters = values.pick(valueSpans, subject);
    List<QueryPlan.PatternFilter> patterns = new ArrayList<>(numbers.resolve(subject));
    if (pattern != null) {
      patterns.add(qualifierResolver.patternFilter(pattern, subject));
    }
    patterns.addAll(days.filters(dateColumn, dated, dates));
    List<ValueFilter> share = List.of();
    boolean shareOfTotal = false;
    if (shareAt >= 0) {
      qualifierResolver.shareOfWhat(shareAt, measure, subject);
      if (aggregate != Aggregate.COUNT && aggregate != Aggregate.SUM) {
        throw notAnswerable("A share can be taken of a count or a total, not of an average.");
      }
      if (group != null && filters.isEmpty() && type != QueryType.TIME_SERIES) {
        shareOfTotal = true;
      } else if (group == null
          && !filters.isEmpty()
          && (type == QueryType.AGGREGATE || type == QueryType.COUNT)) {
        share = filters;
        filters = List.of();
        type = QueryType.AGGREGATE;
      } else {
        throw notAnswerable(
            "Could not tell the share of what: name the part (a value such as a country) and the"
                + " whole (a count or a total).");
      }
    }
    TimeFilter compared = qualifierResolver.comparedPeriod(comparedUnit, time.orElse(null), type);
    if (absent != null) {
      qualifierResolver.checkAbsence(subject, absent, time.isPresent());
    }
    return new QueryPlan(
        type,
        aggregate,
        subject,
        measure,
        distinctCount,
        group,
        grain.orElse(null),
        dateColumn,
        time.orElse(null),
        filters,
        limit,
        descending,
        Math.min(0.95, Math.max(0.2, confidence)),
        patterns,
        absent,
        share,
        shareOfTotal,
        recency == null ? null : recency.newest(),
        compared,
        null,
        List.of(),
        ratio == null ? null : ratio[1],
        ratio != null && ratioWords.perRow());
  }

  static SqmException notAnswerable(String reason) {
    return new SqmException(ErrorCode.QUESTION_NOT_ANSWERABLE, reason);
  }
}
