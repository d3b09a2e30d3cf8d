package io.flowd.nodes.http;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Says in plain words why a call failed on the network, from the exception OkHttp or the JDK threw:
 * connection refused, reset, closed early, a TLS problem and which one. The texts name no Java
 * class and quote nothing the peer sent.
 */
final class FailureReasons {
  private FailureReasons() {}

  /**
   * Explains {@code error}.
   *
   * @param answered whether the answer's status line and headers had arrived
   */
  static String explain(Throwable error, boolean answered) {
    if (has(error, SSLPeerUnverifiedException.class)) {
      return "the TLS handshake failed: the server's certificate is not valid for this host name";
    }
    if (has(error, CertificateExpiredException.class)) {
      return "the TLS handshake failed: the server's certificate has expired";
    }
    if (has(error, CertificateNotYetValidException.class)) {
      return "the TLS handshake failed: the server's certificate is not valid yet";
    }
    if (has(error, CertPathValidatorException.class) || mentions(error, "certification path")) {
      return "the TLS handshake failed: the server's certificate is not signed by a trusted"
          + " certificate authority (add its CA in tls.ca_certificates)";
    }
    if (has(error, SSLHandshakeException.class)) {
      if (mentions(error, "bad_certificate") || mentions(error, "certificate_required")) {
        return "the TLS handshake failed: the server refused the client certificate (or needs one)";
      }
      return "the TLS handshake failed" + alert(error);
    }
    if (has(error, SSLException.class)) {
      if (mentions(error, "plaintext") || mentions(error, "unrecognized ssl message")) {
        return "the TLS handshake failed: the server does not speak TLS on this port";
      }
      return "the TLS connection failed" + alert(error);
    }
    if (has(error, ConnectException.class)) {
      return mentions(error, "refused")
          ? "the connection was refused"
          : "the connection could not be opened";
    }
    if (has(error, NoRouteToHostException.class)) {
      return "there is no route to the host";
    }
    if (mentions(error, "not found: limit=") && !mentions(error, "not found: limit=0 ")) {
      // OkHttp reads at most 256 KiB of headers; the same error also ends a head cut short.
      return "the answer's header block is larger than 256 KiB (or was cut short)";
    }
    if (mentions(error, "reset")) {
      return answered
          ? "the connection was reset while the answer's body was arriving"
          : "the connection was reset before an answer arrived";
    }
    if (mentions(error, "broken pipe")) {
      return "the peer closed the connection while the request was being sent";
    }
    if (has(error, EOFException.class) || mentions(error, "end of stream")) {
      return answered
          ? "the peer closed the connection before the whole body arrived"
          : "the peer closed the connection without answering";
    }
    if (has(error, ProtocolException.class)) {
      return "the answer is not valid HTTP";
    }
    if (has(error, SocketException.class)) {
      return "the connection failed";
    }
    return "the call failed on the network";
  }

  private static String alert(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message != null && message.startsWith("Received fatal alert: ")) {
        return " (the server sent the alert "
            + message.substring("Received fatal alert: ".length()).replaceAll("[^a-z_]", "")
            + ")";
      }
    }
    return "";
  }

  private static boolean has(Throwable error, Class<? extends Throwable> type) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  private static boolean mentions(Throwable error, String text) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message != null && message.toLowerCase(Locale.ROOT).contains(text)) {
        return true;
      }
    }
    return false;
  }
}
