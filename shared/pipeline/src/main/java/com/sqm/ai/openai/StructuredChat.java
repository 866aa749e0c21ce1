package com.sqm.ai.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.sqm.ai.ModelAnswerException;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.model.TokenUsage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chat-completion call that must come back as JSON following a strict schema. Retries of 408,
 * 409, 429, 5xx and I/O failures (timeouts included) are the SDK's, with exponential backoff that
 * honours {@code Retry-After} / {@code Retry-After-Ms}; what is still failing after them is
 * MODEL_UNAVAILABLE, anything else the service refuses is ENGINE_ERROR, and a refusal by the model
 * is QUESTION_NOT_ANSWERABLE.
 */
final class StructuredChat {
  private static final Logger LOG = LoggerFactory.getLogger(StructuredChat.class);

  /** The content of the answer and the tokens it cost. */
  record Reply(String content, TokenUsage usage) {}

  private final OpenAIClient client;
  private final ModelPrices prices;

  StructuredChat(OpenAIClient client, ModelPrices prices) {
    this.client = client;
    this.prices = prices;
  }

  Reply call(String model, List<ChatMessage> messages, String schemaName, ObjectNode schema) {
    try {
      // The SDK reads fields lazily: a response missing one fails here too, as OpenAIException.
      return read(
          model, client.chat().completions().create(params(model, messages, schemaName, schema)));
    } catch (OpenAIIoException e) {
      LOG.warn("model {} unreachable after retries: {}", model, e.getClass().getSimpleName());
      throw SqmException.transientFailure(
          ErrorCode.MODEL_UNAVAILABLE,
          "The model service did not answer in time, also after retrying.",
          e);
    } catch (OpenAIServiceException e) {
      throw serviceFailure(model, e);
    } catch (OpenAIException e) {
      LOG.warn("model {} answer unreadable: {}", model, e.getClass().getSimpleName());
      throw new SqmException(
          ErrorCode.ENGINE_ERROR,
          "The model service sent an answer that could not be read.",
          null,
          e);
    }
  }

  private Reply read(String model, ChatCompletion completion) {
    TokenUsage usage =
        completion
            .usage()
            .map(u -> prices.usage(model, u.promptTokens(), u.completionTokens()))
            .orElse(TokenUsage.NONE);
    if (completion.choices().isEmpty()) {
      throw new SqmException(ErrorCode.ENGINE_ERROR, "The model service sent no answer.");
    }
    ChatCompletion.Choice choice = completion.choices().get(0);
    String refusal = choice.message().refusal().orElse(null);
    if (refusal != null && !refusal.isBlank()) {
      throw new ModelAnswerException(
          ErrorCode.QUESTION_NOT_ANSWERABLE,
          "The model declined to answer: " + refusal.strip(),
          usage);
    }
    if (ChatCompletion.Choice.FinishReason.LENGTH.equals(choice.finishReason())) {
      throw new ModelAnswerException(
          ErrorCode.ENGINE_ERROR, "The model's answer was cut off at its token limit.", usage);
    }
    if (ChatCompletion.Choice.FinishReason.CONTENT_FILTER.equals(choice.finishReason())) {
      throw new ModelAnswerException(
          ErrorCode.QUESTION_NOT_ANSWERABLE,
          "The model service's content filter withheld the answer.",
          usage);
    }
    return new Reply(choice.message().content().orElse(null), usage);
  }

  private static SqmException serviceFailure(String model, OpenAIServiceException e) {
    int status = e.statusCode();
    LOG.warn("model {} call failed with HTTP {}", model, status);
    if (status == 408 || status == 409 || status == 429 || status >= 500) {
      return SqmException.transientFailure(
          ErrorCode.MODEL_UNAVAILABLE,
          status == 429
              ? "The model service is rate limiting requests (HTTP 429), also after retrying."
              : "The model service is unavailable (HTTP " + status + "), also after retrying.",
          e);
    }
    return new SqmException(
        ErrorCode.ENGINE_ERROR,
        "The model service refused the request (HTTP "
            + status
            + (status == 401 || status == 403 ? ": check OPENAI_API_KEY" : "")
            + (status == 404 ? ": check the model name and OPENAI_BASE_URL" : "")
            + ").",
        null,
        e);
  }

  private static ChatCompletionCreateParams params(
      String model, List<ChatMessage> messages, String schemaName, ObjectNode schema) {
    Map<String, JsonValue> properties = new HashMap<>();
    schema
        .properties()
        .forEach(e -> properties.put(e.getKey(), JsonValue.fromJsonNode(e.getValue())));
    ChatCompletionCreateParams.Builder params =
        ChatCompletionCreateParams.builder()
            .model(model)
            .responseFormat(
                ResponseFormatJsonSchema.builder()
                    .jsonSchema(
                        ResponseFormatJsonSchema.JsonSchema.builder()
                            .name(schemaName)
                            .strict(true)
                            .schema(
                                ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                    .putAllAdditionalProperties(properties)
                                    .build())
                            .build())
                    .build());
    for (ChatMessage m : messages) {
      switch (m.role()) {
        case SYSTEM -> params.addSystemMessage(m.content());
        case USER -> params.addUserMessage(m.content());
        case ASSISTANT -> params.addAssistantMessage(m.content());
        default -> throw new IllegalStateException("unknown role " + m.role());
      }
    }
    return params.build();
  }
}
