package com.sqm.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of one sub-command: positionals, {@code --name value} (or {@code --name=value})
 * options and {@code --flag} switches. Anything not declared is a usage error.
 */
public final class CliArgs {
  private final List<String> positionals;
  private final Map<String, List<String>> options;

  private CliArgs(List<String> positionals, Map<String, List<String>> options) {
    this.positionals = positionals;
    this.options = options;
  }

  /**
   * Parses {@code args}; {@code valueOptions} take a value, {@code flags} do not (names without the
   * leading dashes). {@code --} ends the options.
   */
  public static CliArgs parse(List<String> args, Set<String> valueOptions, Set<String> flags)
      throws UsageException {
    List<String> positionals = new ArrayList<>();
    Map<String, List<String>> options = new LinkedHashMap<>();
    boolean onlyPositionals = false;
    int i = 0;
    while (i < args.size()) {
      String arg = args.get(i++);
      if (onlyPositionals || !arg.startsWith("--")) {
        positionals.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        onlyPositionals = true;
        continue;
      }
      String name = arg.substring(2);
      String inlineValue = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        inlineValue = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name)) {
        if (inlineValue != null) {
          throw new UsageException("--" + name + " takes no value");
        }
        options.computeIfAbsent(name, n -> new ArrayList<>()).add("true");
      } else if (valueOptions.contains(name)) {
        String value = inlineValue;
        if (value == null) {
          if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new UsageException("--" + name + " needs a value");
          }
          value = args.get(i++);
        }
        options.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      } else {
        throw new UsageException("unknown option --" + name);
      }
    }
    return new CliArgs(List.copyOf(positionals), options);
  }

  public List<String> positionals() {
    return positionals;
  }

  /** The value of {@code name}; the last one when it was given more than once. */
  public Optional<String> option(String name) {
    List<String> values = options.get(name);
    return values == null ? Optional.empty() : Optional.of(values.get(values.size() - 1));
  }

  /** Every value of a repeatable option, in order. */
  public List<String> options(String name) {
    return List.copyOf(options.getOrDefault(name, List.of()));
  }

  public String required(String name) throws UsageException {
    String value = option(name).orElse(null);
    if (value == null || value.isBlank()) {
      throw new UsageException("--" + name + " is required");
    }
    return value;
  }

  public boolean flag(String name) {
    return options.containsKey(name);
  }

  /**
   * The integer value of {@code name} within [{@code min}, {@code max}], or {@code fallback} when
   * absent.
   */
  public int intOption(String name, int fallback, int min, int max) throws UsageException {
    String value = option(name).orElse(null);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < min || parsed > max) {
        throw new UsageException(
            "--" + name + " must be between " + min + " and " + max + ", got " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a whole number, got '" + value + "'");
    }
  }

  /** Fails when more than {@code max} positionals were given. */
  public CliArgs atMostPositionals(int max) throws UsageException {
    if (positionals.size() > max) {
      throw new UsageException("unexpected argument '" + positionals.get(max) + "'");
    }
    return this;
  }
}
