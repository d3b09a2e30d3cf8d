package io.flowd.cli.archsample;

import io.flowd.store.Database;

/** Breaks the CLI rule on purpose: CLI code that opens the database instead of calling the API. */
public final class CliUsingTheStore {
  private CliUsingTheStore() {}

  /** Connects to a database, as the CLI never may. */
  public static Database connect(String url) {
    return Database.connect(url, 1);
  }
}
