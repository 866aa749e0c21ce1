package com.sqm.functions.worker;

import com.sqm.config.AppConfig;
import com.sqm.config.CoreComponents;
import com.sqm.pipeline.PipelineComponents;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A worker in a JVM of its own, for fault tests that kill it: answers the query {@code QUERY_ID}
 * with the settings given as {@code NAME=value} arguments, then exits.
 */
public final class WorkerProcess {
  private WorkerProcess() {}

  public static void main(String[] args) {
    Map<String, String> settings = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      settings.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    try (CoreComponents core = CoreComponents.create(AppConfig.from(settings));
        PipelineComponents pipeline = PipelineComponents.create(core, settings::get)) {
      System.out.println(pipeline.pipeline().process(UUID.fromString(settings.get("QUERY_ID"))));
    }
  }
}
