package com.sqm.config;

/**
 * The one {@link CoreComponents} of a Lambda container, built from the environment on first use and
 * reused by every invocation (and every handler class) in that container.
 */
public final class ContainerComponents {
  private ContainerComponents() {}

  public static CoreComponents get() {
    return Holder.COMPONENTS;
  }

  private static final class Holder {
    static final CoreComponents COMPONENTS = CoreComponents.create(AppConfig.fromEnvironment());
  }
}
