package com.sqm.local;

import com.sqm.local.runtime.LocalStartupException;
import com.sqm.sql.RunSqlTool;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code ./sqm} command line: the local runner and the developer tools, one sub-command each.
 */
public final class SqmCli {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  static final String HELP =
      String.join(
          System.lineSeparator(),
          "Usage: ./sqm <command> [options]",
          "",
          "Commands:",
          "  " + DevCommand.USAGE,
          "      Run the whole service locally (Postgres, SQS, Redis, API on 127.0.0.1) until Ctrl-C.",
          "  " + TokenCommand.USAGE,
          "      Print a dev token for <user>, accepted by './sqm dev' on the same data directory;",
          "      --admin adds the admin group ($SQM_ADMIN_GROUP), --group G another group.",
          "  " + MigrateCommand.USAGE,
          "      Apply the query store's database migrations to any Postgres.",
          "  run-sql --jdbc-url URL [--schema NAME]... [--batch FILE] [--max-rows N] [--timeout-ms N]",
          "      Run read-only SQL (stdin, or one {\"sql\": ...} per line of FILE) through the SQL guard;",
          "      exit 0 executed, 3 rejected, 4 error.",
          "  " + AskCommand.USAGE,
          "      Answer a question against any Postgres database through the worker's pipeline;",
          "      prints JSON; exit 0 answered, 3 declined, 4 failed.",
          "  " + DataSourceCommand.ADD_USAGE,
          "      Register your own database (checks that it connects; warns if the role can write); locally",
          "      its URL goes to the data directory's secret store and the row names secret:datasource-ID.",
          "  " + DataSourceCommand.LIST_USAGE,
          "      List the registered data sources (passwords masked).",
          "  " + DataSourceCommand.REMOVE_USAGE,
          "      Remove a data source and its examples.",
          "      Without --db-url these use the data directory's Postgres, whether ./sqm dev runs or not.",
          "  " + SecretCommand.USAGE,
          "      Store a credential (a JDBC URL with its password, or RDS JSON) in the data directory;",
          "      a data source created over POST /datasources names it as connectionRef secret:NAME.",
          "  " + DataSourceGrantCommand.USAGE,
          "      Print (or --apply) the SQL that creates a read-only role for a data source.",
          "  " + DlqCommand.LIST_USAGE,
          "      Show the messages parked in the worker's dead-letter queue of a running ./sqm dev.",
          "  " + DlqCommand.REDRIVE_USAGE,
          "      Move them back to the work queue; prints how many.",
          "  " + EvalCommand.USAGE,
          "      Score the answers on an evaluation dataset (e.g. eval/dev): accuracy, coverage and",
          "      precision per database, per category and overall; --json FILE keeps every question.",
          "  " + LoadCommand.USAGE,
          "      Submit N questions to a running ./sqm dev, wait for the answers, print submitted,",
          "      rejected, completed, failed, lost, the drain rate and latency; exit 1 if any was lost.",
          "  " + InvokeCommand.USAGE,
          "      Run one function of template.yaml once in a fresh JVM on its module's Lambda jar,",
          "      against the running ./sqm dev of the data directory; prints its response JSON.",
          "      --env-vars takes SAM's file: {\"LogicalId\": {\"VAR\": \"v\"}, \"Parameters\": {...}}.",
          "  help",
          "      Show this text.",
          "",
          "The data directory defaults to .sqm in the repository; SQM_DEBUG=1 prints stack traces.");

  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> environment;
  private final Path defaultDataDir;

  public SqmCli(
      InputStream in,
      PrintStream out,
      PrintStream err,
      Map<String, String> environment,
      Path defaultDataDir) {
    this.in = in;
    this.out = out;
    this.err = err;
    this.environment = environment;
    this.defaultDataDir = defaultDataDir;
  }

  public static void main(String[] args) {
    SqmCli cli = new SqmCli(System.in, System.out, System.err, System.getenv(), defaultDataDir());
    System.exit(cli.run(Arrays.asList(args)));
  }

  /**
   * {@code .sqm} under the repository the launcher lives in ({@code -Dsqm.home}), else under the
   * working directory.
   */
  static Path defaultDataDir() {
    String home = System.getProperty("sqm.home");
    return (home == null || home.isBlank() ? Path.of("") : Path.of(home)).resolve(".sqm");
  }

  /** Runs one command; returns the process exit status (0 ok, 1 failed, 2 usage error). */
  public int run(List<String> args) {
    String command = args.isEmpty() ? "" : args.get(0);
    List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
    try {
      return switch (command) {
        case "dev" -> new DevCommand(out, defaultDataDir, environment).run(rest);
        case "token" -> new TokenCommand(out, defaultDataDir, environment).run(rest);
        case "dlq" -> new DlqCommand(out, defaultDataDir).run(rest);
        case "migrate" -> new MigrateCommand(out, environment).run(rest);
        case "run-sql" -> RunSqlTool.run(rest, in, out, err);
        case "ask" -> new AskCommand(out, environment).run(rest);
        case "datasource" -> new DataSourceCommand(out, err, environment, defaultDataDir).run(rest);
        case "secret" -> new SecretCommand(in, out, defaultDataDir).run(rest);
        case "eval" -> new EvalCommand(out, err, environment).run(rest);
        case "load" -> new LoadCommand(out, defaultDataDir).run(rest);
        case "invoke" -> new InvokeCommand(out, err, defaultDataDir, environment).run(rest);
        case "help", "--help", "-h" -> {
          out.println(HELP);
          yield OK;
        }
        case "" -> throw new UsageException("no command given");
        default -> throw new UsageException("unknown command '" + command + "'");
      };
    } catch (UsageException e) {
      err.println("sqm: " + e.getMessage());
      err.println("Run './sqm help' for usage.");
      return USAGE;
    } catch (LocalStartupException e) {
      err.println("sqm " + command + ": " + e.getMessage());
      debug(e);
      return FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FAILED;
    } catch (RuntimeException e) {
      // Tool failures (unreachable database, failed migration) are reported as one line, not a
      // trace.
      err.println("sqm " + command + ": " + oneLine(e));
      debug(e);
      return FAILED;
    }
  }

  private void debug(Throwable e) {
    if ("1".equals(environment.get("SQM_DEBUG"))) {
      e.printStackTrace(err);
    }
  }

  private static String oneLine(Throwable e) {
    StringBuilder message =
        new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    for (Throwable cause = e.getCause();
        cause != null && cause != cause.getCause();
        cause = cause.getCause()) {
      if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
        message.append(": ").append(cause.getMessage());
      }
    }
    return message.toString().replaceAll("\\s+", " ").strip();
  }
}
