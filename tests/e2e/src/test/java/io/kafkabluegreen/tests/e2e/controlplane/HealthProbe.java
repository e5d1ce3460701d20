package io.kafkabluegreen.tests.e2e.controlplane;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Health endpoints of the control-plane servers. The API server serves a self-signed certificate,
 * so its probe trusts any certificate and host name (per connection, not JVM-wide).
 */
final class HealthProbe {

  private static final SSLSocketFactory TRUST_ALL = trustAll();

  private HealthProbe() {}

  /** True when {@code url} answers 200; false on any error or other status. */
  static boolean ok(URI url, String bearerToken) {
    try {
      HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
      if (c instanceof HttpsURLConnection https) {
        https.setSSLSocketFactory(TRUST_ALL);
        https.setHostnameVerifier((host, session) -> true);
      }
      c.setConnectTimeout(1000);
      c.setReadTimeout(2000);
      if (bearerToken != null) {
        c.setRequestProperty("Authorization", "Bearer " + bearerToken);
      }
      try {
        return c.getResponseCode() == 200;
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Polls {@code check} every 200 ms until it holds, failing fast when {@code process} dies and
   * with a pointer to its log when {@code timeout} passes.
   */
  static void await(ChildProcess process, String what, Duration timeout, BooleanSupplier check) {
    try {
      Awaitility.await(process.name() + " " + what)
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException(
                      process.name() + " exited before " + what + "; see " + process.logFile());
                }
                return check.getAsBoolean();
              });
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(
          process.name() + ": no " + what + " within " + timeout + "; see " + process.logFile());
    }
  }

  private static SSLSocketFactory trustAll() {
    TrustManager any =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {any}, null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
