package io.flowd.api.http;

import io.flowd.model.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty raises before a request reaches a route (a malformed request line, a bad
 * path escape, an ambiguous {@code ..} segment, a URI or headers too large) with the contract's
 * JSON error body instead of Jetty's HTML page. Bad input is always a 4xx here.
 */
public final class JsonErrorHandler extends ErrorHandler {

  /** Returns the contract's answer for a status Jetty chose. */
  public static ApiException answer(int status) {
    return switch (status) {
      case 414 ->
          new ApiException(
              414,
              ApiException.INVALID_REQUEST,
              "uri_too_long",
              "The request URI is too long.",
              null,
              null);
      case 431 ->
          new ApiException(
              431,
              ApiException.INVALID_REQUEST,
              "headers_too_large",
              "The request headers are too large.",
              null,
              null);
      case 413 -> ApiException.payloadTooLarge();
      case 404 -> ApiException.notFound("No such resource.");
      case 405 -> ApiException.notFound("No such route.");
      case 408 ->
          new ApiException(
              408,
              ApiException.INVALID_REQUEST,
              "request_timeout",
              "The request was not received in time.",
              null,
              null);
      default ->
          status >= 500
              ? ApiException.internal()
              : ApiException.badRequest(
                  "bad_request",
                  "The request is malformed (bad path escape, ambiguous path segment, or bad"
                      + " framing).");
    };
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status =
        request.getAttribute(ERROR_STATUS) instanceof Integer code ? code : response.getStatus();
    ApiException answer = answer(status < 400 ? 400 : status);
    byte[] body = Json.write(answer.body()).getBytes(StandardCharsets.UTF_8);
    response.setStatus(answer.status());
    answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }
}
