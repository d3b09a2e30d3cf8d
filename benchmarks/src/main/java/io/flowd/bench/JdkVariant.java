package io.flowd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One JVM configuration the {@code pj} phase compares: a JDK home and JVM flags added after every
 * process's own flags (flowd, the hand-written worker and both test servers), written in {@code
 * --jdks} as the home followed by the flags, separated by spaces.
 *
 * @param home the JDK home ({@code bin/java} is started)
 * @param javaOpts the flags added to every process of this configuration, or empty
 * @param label the JDK's version from its {@code release} file and the flags, for the table
 */
record JdkVariant(String home, String javaOpts, String label) {

  /**
   * Reads {@code --jdks} entries such as {@code /usr/lib/jvm/temurin-25-jdk-amd64
   * -XX:+UseSerialGC}.
   */
  static List<JdkVariant> parseAll(List<String> entries) {
    List<JdkVariant> out = new ArrayList<>();
    for (String entry : entries) {
      out.add(parse(entry));
    }
    return out;
  }

  static JdkVariant parse(String entry) {
    String trimmed = entry.trim();
    int space = trimmed.indexOf(' ');
    String home = space < 0 ? trimmed : trimmed.substring(0, space);
    String opts = space < 0 ? "" : trimmed.substring(space + 1).trim();
    if (!Files.isExecutable(Path.of(home, "bin", "java"))) {
      throw new IllegalArgumentException("--jdks: no bin/java under " + home);
    }
    String label = "JDK " + version(home) + (opts.isEmpty() ? "" : " " + opts);
    return new JdkVariant(home, opts, label);
  }

  /** Returns {@code base} followed by this configuration's flags. */
  String opts(String base) {
    return javaOpts.isEmpty() ? base : base + " " + javaOpts;
  }

  private static String version(String home) {
    try {
      for (String line : Files.readAllLines(Path.of(home, "release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          return line.substring("JAVA_VERSION=".length()).replace("\"", "");
        }
      }
    } catch (IOException e) {
      return Path.of(home).getFileName().toString();
    }
    return Path.of(home).getFileName().toString();
  }
}
