package io.kafkabluegreen.provider.selfcheck;

import io.kafkabluegreen.common.config.ConfigReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the self-check calls, read from the environment the chart's {@code helm test} Pod sets.
 *
 * @param providerUrl base URL of the provider's Service ({@code SELFCHECK_PROVIDER_URL}), e.g.
 *     {@code http://kafka-bluegreen.shop.svc:8080}
 * @param group consumer group whose lag is asked for ({@code SELFCHECK_GROUP}); it need not exist
 * @param topic optional topic to restrict the lag report to ({@code SELFCHECK_TOPIC})
 * @param timeout bound of each request ({@code SELFCHECK_TIMEOUT_MS}); Argo's web metric default of
 *     10 s, since an analysis would give up after that too
 * @param description the effective configuration, for the first line of output
 */
public record SelfCheckOptions(
    URI providerUrl, String group, Optional<String> topic, Duration timeout, String description) {

  public static SelfCheckOptions fromEnv(Map<String, String> env) {
    ConfigReader r = new ConfigReader(env);
    String url = r.required("SELFCHECK_PROVIDER_URL");
    String group = r.string("SELFCHECK_GROUP", "example.group");
    Optional<String> topic = r.optional("SELFCHECK_TOPIC");
    Duration timeout =
        r.millis(
            "SELFCHECK_TIMEOUT_MS",
            Duration.ofSeconds(10),
            Duration.ofMillis(100),
            Duration.ofSeconds(60));
    URI providerUrl = url.isEmpty() ? null : parseUrl(url, r);
    r.validate();
    return new SelfCheckOptions(providerUrl, group, topic, timeout, r.describe());
  }

  private static URI parseUrl(String url, ConfigReader r) {
    try {
      URI uri = new URI(url.replaceAll("/+$", ""));
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        r.problem("SELFCHECK_PROVIDER_URL must be an http(s) URL with a host, got '" + url + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      r.problem("SELFCHECK_PROVIDER_URL is not a URL: " + e.getMessage());
      return null;
    }
  }
}
