package io.flowd.cli;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code flowd token --sub <user> --team <team> [--ttl 1h]}: signs an HS256 token the server
 * accepts, with {@code FLOWD_JWT_SECRET} or the secret the local start generated into {@code
 * .local/generated.properties}.
 */
@Command(
    name = "token",
    description =
        "Sign a token (HS256) with $FLOWD_JWT_SECRET, else the local start's secret in"
            + " .local/generated.properties; prints only the token.")
final class TokenCommand implements Callable<Integer> {
  private static final Pattern TTL = Pattern.compile("(\\d+)([smhd])");

  @ParentCommand FlowdCli root;

  @Option(names = "--sub", required = true, description = "The user (the token's subject).")
  String subject;

  @Option(
      names = "--team",
      description = "The tenant (team_id); without it the user is the tenant.")
  String team;

  @Option(names = "--email", description = "The email claim.")
  String email;

  @Option(names = "--ttl", description = "How long it is valid: 30m, 1h (default), 7d.")
  String ttl = "1h";

  @Override
  public Integer call() {
    Duration validity = parse(ttl);
    Instant now = Instant.now();
    JWTCreator.Builder builder =
        JWT.create().withSubject(subject).withIssuedAt(now).withExpiresAt(now.plus(validity));
    if (team != null) {
      builder.withClaim("team_id", team);
    }
    if (email != null) {
      builder.withClaim("email", email);
    }
    String token = builder.sign(Algorithm.HMAC256(secret()));
    if (root.global().json()) {
      root.global()
          .printJson(
              Map.of(
                  "token",
                  token,
                  "expires_at",
                  now.plus(validity).toString(),
                  "tenant",
                  team == null ? subject : team));
    } else {
      root.global().out().println(token);
    }
    return ExitCodes.OK;
  }

  static Duration parse(String text) {
    Matcher m = TTL.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new CliException(
          ExitCodes.USAGE, "The ttl " + text + " is not a duration such as 30m, 1h or 7d.");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private static String secret() {
    String fromEnv = System.getenv("FLOWD_JWT_SECRET");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    List<Path> candidates = new ArrayList<>();
    String localDir = System.getenv("FLOWD_LOCAL_DIR");
    if (localDir != null) {
      candidates.add(Path.of(localDir));
    }
    candidates.add(Path.of(".local"));
    String home = System.getenv("FLOWD_HOME");
    if (home != null) {
      candidates.add(Path.of(home, ".local"));
    }
    for (Path dir : candidates) {
      Path file = dir.resolve("generated.properties");
      if (Files.isRegularFile(file)) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
          props.load(in);
        } catch (IOException e) {
          throw new CliException(ExitCodes.FAILED, "Cannot read " + file + ": " + e.getMessage());
        }
        String secret = props.getProperty("FLOWD_JWT_SECRET");
        if (secret != null) {
          return secret;
        }
      }
    }
    throw new CliException(
        ExitCodes.FAILED,
        "No signing secret: set FLOWD_JWT_SECRET, or run ./start-local once so that"
            + " .local/generated.properties holds one.");
  }
}
