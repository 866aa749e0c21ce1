package com.sqm.ai.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.sqm.ai.EngineAnswer;
import com.sqm.ai.Interpretation;
import com.sqm.ai.ModelAnswerException;
import com.sqm.ai.QueryEngine;
import com.sqm.ai.QuestionContext;
import com.sqm.ai.SqlDraft;
import com.sqm.ai.context.ContextBuilder;
import com.sqm.ai.context.ModelContext;
import com.sqm.model.AIAnalysis;
import com.sqm.model.DataResult;
import com.sqm.model.SqlAttempt;
import com.sqm.model.SqmException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model-backed engine: any OpenAI-compatible chat-completions server, asked for strict JSON
 * (analysis and SQL; summary, key figures and chart). It sees the part of the schema relevant to
 * the question and the most similar worked examples, all as data sections of the prompt; whatever
 * SQL it writes still goes through the guard. Build it once per container.
 */
public final class OpenAiQueryEngine implements QueryEngine, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiQueryEngine.class);

  /** What {@link #longestCall} allows for each wait of the SDK between tries. */
  private static final Duration RETRY_WAIT = Duration.ofSeconds(5);

  private final OpenAiSettings settings;
  private final OpenAIClient ownClient;
  private final StructuredChat chat;
  private final ContextBuilder contextBuilder;
  private final PromptWriter prompts = new PromptWriter();

  /** An engine on a client built from {@code settings}. */
  public OpenAiQueryEngine(OpenAiSettings settings) {
    this(settings, client(settings), true);
  }

  /** An engine on a client the caller built (and closes). */
  public OpenAiQueryEngine(OpenAiSettings settings, OpenAIClient client) {
    this(settings, client, false);
  }

  private OpenAiQueryEngine(OpenAiSettings settings, OpenAIClient client, boolean owned) {
    this.settings = settings;
    this.ownClient = owned ? client : null;
    this.chat = new StructuredChat(client, settings.prices());
    this.contextBuilder = new ContextBuilder(settings.schemaTokenBudget(), settings.maxExamples());
    LOG.info("model engine ready: {}", settings);
  }

  /** The engine configured by {@code OPENAI_*} and {@code SQM_MODEL*} variables. */
  public static OpenAiQueryEngine fromEnv(Function<String, String> env) {
    return new OpenAiQueryEngine(OpenAiSettings.fromEnv(env));
  }

  static OpenAIClient client(OpenAiSettings settings) {
    OpenAIOkHttpClient.Builder builder =
        OpenAIOkHttpClient.builder()
            .apiKey(settings.apiKey())
            .timeout(settings.timeout())
            .maxRetries(settings.maxRetries());
    if (settings.baseUrl() != null) {
      builder.baseUrl(settings.baseUrl());
    }
    return builder.build();
  }

  /**
   * Every try may run into the timeout, and the SDK waits between tries (honouring Retry-After):
   * allow a few seconds for each wait.
   */
  @Override
  public Duration longestCall() {
    int tries = settings.maxRetries() + 1;
    return settings.timeout().multipliedBy(tries).plus(RETRY_WAIT.multipliedBy(tries - 1L));
  }

  @Override
  public String name() {
    return "openai:" + settings.sqlModel();
  }

  @Override
  public EngineAnswer<SqlDraft> draft(QuestionContext context) {
    ModelContext modelContext = contextBuilder.build(context);
    LOG.debug(
        "drafting with {} of {} tables and {} examples",
        modelContext.tablesShown(),
        modelContext.tablesTotal(),
        modelContext.examples().size());
    return askForDraft(prompts.draft(modelContext));
  }

  @Override
  public Optional<EngineAnswer<SqlDraft>> correct(
      QuestionContext context, List<SqlAttempt> failures) {
    if (failures == null || failures.isEmpty()) {
      return Optional.empty();
    }
    ModelContext modelContext = contextBuilder.build(context);
    return Optional.of(askForDraft(prompts.correction(modelContext, failures)));
  }

  @Override
  public EngineAnswer<Interpretation> interpret(
      QuestionContext context, AIAnalysis analysis, String sql, DataResult result) {
    // The rows, not the schema, are what a summary rests on.
    StructuredChat.Reply reply =
        chat.call(
            settings.interpretModel(),
            prompts.interpretation(context.question(), analysis, sql, result),
            ResponseSchemas.INTERPRETATION_NAME,
            ResponseSchemas.interpretation());
    return new EngineAnswer<>(read(reply, ModelReplies::interpretation), reply.usage());
  }

  private EngineAnswer<SqlDraft> askForDraft(List<ChatMessage> messages) {
    StructuredChat.Reply reply =
        chat.call(
            settings.sqlModel(), messages, ResponseSchemas.DRAFT_NAME, ResponseSchemas.draft());
    return new EngineAnswer<>(read(reply, ModelReplies::draft), reply.usage());
  }

  /** The reply read as a {@code T}; a reply that says no or cannot be read still cost tokens. */
  private static <T> T read(StructuredChat.Reply reply, Function<String, T> reader) {
    try {
      return reader.apply(reply.content());
    } catch (ModelAnswerException e) {
      throw e;
    } catch (SqmException e) {
      throw ModelAnswerException.of(e, reply.usage());
    }
  }

  /** Releases the HTTP client's connections and threads when this engine built the client. */
  @Override
  public void close() {
    if (ownClient != null) {
      ownClient.close();
    }
  }
}
