package io.flowd.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The HMAC signature a webhook sender puts on each call, checked before a run starts.
 *
 * <ul>
 *   <li>{@code format: "plain"} (GitHub and most senders): the header holds {@code prefix} followed
 *       by the lower- or upper-case hex HMAC of the raw body, e.g. {@code X-Hub-Signature-256:
 *       sha256=<hex>}.
 *   <li>{@code format: "timestamped"} (Stripe-like): the header holds {@code t=<unix
 *       seconds>,v1=<hex>} (several {@code v1} entries allowed), the HMAC is taken over {@code
 *       "<t>." + body}, and a {@code t} more than {@value #TOLERANCE_SECONDS} seconds from now is
 *       refused; {@code prefix} is not used.
 * </ul>
 *
 * @param vault the name of the vault secret holding the HMAC key
 * @param header the request header carrying the signature
 * @param algorithm {@code sha256} or {@code sha1}
 * @param prefix text before the hex digest ({@code "sha256="} for GitHub), or {@code ""}
 * @param format {@code plain} (default) or {@code timestamped}
 */
public record WebhookSignature(
    String vault,
    String header,
    String algorithm,
    String prefix,
    @JsonProperty("format") String format) {

  /** The algorithms a signature may use. */
  public static final List<String> ALGORITHMS = List.of("sha256", "sha1");

  /** The header formats a signature may use. */
  public static final List<String> FORMATS = List.of("plain", "timestamped");

  /** How far a timestamped signature's time may be from now. */
  public static final long TOLERANCE_SECONDS = 300;

  /** Returns the JCA name of the HMAC, such as {@code HmacSHA256}. */
  public String macName() {
    return "sha1".equals(algorithm) ? "HmacSHA1" : "HmacSHA256";
  }

  /** Returns whether the header carries a timestamp and one or more {@code v1} digests. */
  public boolean timestamped() {
    return "timestamped".equals(format);
  }
}
