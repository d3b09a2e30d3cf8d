package io.flowd.api.http;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-tenant request limit of one API process: a token bucket per tenant holding a minute's
 * allowance, refilled smoothly over the minute (Bucket4j).
 */
public final class TenantRateLimiter {
  private final long perMinute;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** Creates a limiter that lets each tenant make {@code perMinute} requests a minute. */
  public TenantRateLimiter(long perMinute) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("the rate limit must be at least 1 per minute");
    }
    this.perMinute = perMinute;
  }

  /**
   * Takes one request from the tenant's allowance.
   *
   * @throws ApiException 429 {@code rate_limit_error} with {@code Retry-After} when the tenant has
   *     none left
   */
  public void acquire(String tenantId) {
    ConsumptionProbe probe =
        buckets.computeIfAbsent(tenantId, t -> newBucket()).tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
      throw ApiException.rateLimited(seconds);
    }
  }

  private Bucket newBucket() {
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
        .build();
  }
}
