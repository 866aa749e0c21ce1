package com.sqm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.events.CompletionEvents;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.secret.SecretStore;
import com.sqm.service.CompletionEventService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the completion event service gets its webhook key (nothing is connected to here). */
class CompletionEventWiringTest {
  private static Map<String, String> settings(String webhookSecret) {
    Map<String, String> env = new HashMap<>();
    env.put("SQM_DB_URL", "jdbc:postgresql://127.0.0.1:1/none");
    env.put("SQM_QUEUE_URL", "http://127.0.0.1:1/000000000000/none");
    env.put("SQM_WEBHOOK_SECRET", webhookSecret);
    return env;
  }

  @Test
  void shouldReadTheKeyFromTheSecretStore_whenTheSettingIsAReference() {
    List<String> asked = new ArrayList<>();
    SecretStore store =
        name -> {
          asked.add(name);
          return "the-key";
        };
    try (CoreComponents core =
        CoreComponents.create(AppConfig.from(settings("secret:sqm/webhook")), () -> store)) {

      CompletionEventService service =
          core.completionEventService(
              CompletionEvents.NONE, CompletionEventService.Settings.DEFAULTS);

      assertThat(service).isNotNull();
      assertThat(asked).containsExactly("sqm/webhook");
    }
  }

  @Test
  void shouldNotAskTheStore_whenTheSettingHoldsTheKey() {
    SecretStore store =
        name -> {
          throw new AssertionError("asked for " + name);
        };
    try (CoreComponents core =
        CoreComponents.create(AppConfig.from(settings("plain-key")), () -> store)) {

      assertThat(
              core.completionEventService(
                  CompletionEvents.NONE, CompletionEventService.Settings.DEFAULTS))
          .isNotNull();
    }
  }

  @Test
  void shouldFailNamingTheSetting_whenTheReferencedKeyCannotBeRead() {
    SecretStore store =
        name -> {
          throw new SqmException(ErrorCode.DATASOURCE_ERROR, "no secret " + name, null);
        };
    try (CoreComponents core =
        CoreComponents.create(AppConfig.from(settings("secret:missing")), () -> store)) {

      assertThatThrownBy(
              () ->
                  core.completionEventService(
                      CompletionEvents.NONE, CompletionEventService.Settings.DEFAULTS))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("SQM_WEBHOOK_SECRET")
          .hasMessageNotContaining("the-key");
    }
  }
}
