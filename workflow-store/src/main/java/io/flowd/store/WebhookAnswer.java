package io.flowd.store;

/**
 * The HTTP answer a webhook call got, kept so that a replayed delivery gets it again.
 *
 * @param status the HTTP status
 * @param headersJson the response headers as a JSON object of strings
 * @param body the response body
 */
public record WebhookAnswer(int status, String headersJson, String body) {}
