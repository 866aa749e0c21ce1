package com.sqm.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sqm.local.gateway.CorsPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The deployed HTTP API answers preflights with the same methods and headers as the local one. */
class CorsConfigurationTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void shouldMatchLocalDefaults_whenTemplateConfiguresCors() throws Exception {
    JsonNode template =
        new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("template.yaml").toFile());
    JsonNode cors =
        template.path("Resources").path("HttpApi").path("Properties").path("CorsConfiguration");

    assertThat(strings(cors.path("AllowMethods")))
        .containsExactlyElementsOf(CorsPolicy.DEFAULT_METHODS);
    assertThat(strings(cors.path("AllowHeaders")))
        .containsExactlyElementsOf(CorsPolicy.DEFAULT_HEADERS);
    assertThat(strings(cors.path("ExposeHeaders")))
        .containsExactlyElementsOf(CorsPolicy.EXPOSED_HEADERS);
    assertThat(cors.path("MaxAge").asInt()).isEqualTo(CorsPolicy.MAX_AGE_SECONDS);
    assertThat(cors.path("AllowOrigins").toString()).contains("CorsAllowedOrigins");
    assertThat(template.path("Parameters").path("CorsAllowedOrigins").path("Type").asText())
        .isEqualTo("CommaDelimitedList");
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }
}
