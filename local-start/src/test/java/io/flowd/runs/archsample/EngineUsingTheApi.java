package io.flowd.runs.archsample;

import io.flowd.api.http.ApiException;

/** Breaks the engine rule on purpose: run engine code that answers in HTTP terms. */
public final class EngineUsingTheApi {
  private EngineUsingTheApi() {}

  /** Refuses a start with an HTTP error. */
  public static RuntimeException refuse() {
    return ApiException.notFound("no such workflow");
  }
}
