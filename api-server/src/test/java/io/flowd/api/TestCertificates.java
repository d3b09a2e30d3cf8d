package io.flowd.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority made with the JDK's {@code keytool}: a CA, a server certificate
 * for 127.0.0.1 and localhost, and a client certificate, each with its PEM files (keys as
 * unencrypted PKCS#8) in a directory of their own.
 *
 * @param dir where the files are
 * @param ca the CA certificate (PEM)
 * @param serverCert the server's certificate (PEM)
 * @param serverKey the server's private key (PKCS#8 PEM)
 * @param clientCert the client's certificate (PEM)
 * @param clientKey the client's private key (PKCS#8 PEM)
 */
record TestCertificates(
    Path dir, String ca, String serverCert, String serverKey, String clientCert, String clientKey) {
  private static final String PASSWORD = "changeit";

  /** Makes the CA and both certificates in {@code dir}. */
  static TestCertificates make(Path dir) throws Exception {
    keytool(dir, "-genkeypair", "-alias", "ca", "-dname", "CN=flowd test CA", "-ext", "bc:c");
    keytool(dir, "-exportcert", "-rfc", "-alias", "ca", "-file", "ca.pem");
    String serverKey = signed(dir, "server", "serverAuth");
    String clientKey = signed(dir, "client", "clientAuth");
    return new TestCertificates(
        dir,
        Files.readString(dir.resolve("ca.pem")),
        Files.readString(dir.resolve("server.pem")),
        serverKey,
        Files.readString(dir.resolve("client.pem")),
        clientKey);
  }

  /** Makes a key pair, has the CA sign it, and returns its key (PKCS#8 PEM). */
  private static String signed(Path dir, String name, String usage) throws Exception {
    keytool(dir, "-genkeypair", "-alias", name, "-dname", "CN=" + name);
    keytool(dir, "-certreq", "-alias", name, "-file", name + ".csr");
    keytool(
        dir,
        "-gencert",
        "-alias",
        "ca",
        "-infile",
        name + ".csr",
        "-outfile",
        name + ".pem",
        "-rfc",
        "-ext",
        "san=ip:127.0.0.1,dns:localhost",
        "-ext",
        "eku=" + usage);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(dir.resolve("keys.p12"))) {
      store.load(in, PASSWORD.toCharArray());
    }
    Key key = store.getKey(name, PASSWORD.toCharArray());
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    Files.writeString(dir.resolve(name + "-key.pem"), pem);
    return pem;
  }

  private static void keytool(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    if (args[0].equals("-genkeypair")) {
      command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2"));
    }
    if (args[0].equals("-gencert")) {
      command.addAll(List.of("-validity", "2"));
    }
    command.addAll(
        List.of(
            "-keystore",
            "keys.p12",
            "-storetype",
            "PKCS12",
            "-storepass",
            PASSWORD,
            "-keypass",
            PASSWORD,
            "-noprompt"));
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("keytool.log").toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool " + args[0]).isTrue();
    assertThat(process.exitValue())
        .as(
            "keytool "
                + String.join(" ", args)
                + ": "
                + Files.readString(dir.resolve("keytool.log")))
        .isZero();
  }
}
