package io.kafkabluegreen.app;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kafkabluegreen.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the environment, logs the effective configuration and starts consumer-app; SIGTERM drains
 * (readiness false, commit what was processed, leave the group) and then exits.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    AppConfig config;
    try {
      config = AppConfig.fromEnv(System.getenv());
    } catch (ConfigException e) {
      LOG.error(e.getMessage());
      System.exit(2);
      return;
    }
    LOG.info("Starting consumer-app with\n{}", config.description());
    KubernetesClient kubernetes = new KubernetesClientBuilder().build();
    ConsumerApp app = ConsumerApp.start(config, kubernetes);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  kubernetes.close();
                },
                "consumer-app-shutdown"));
    LOG.info(
        "consumer-app {} listening on {}:{}",
        app.lifecycle().clientId(),
        config.bindAddress(),
        app.port());
  }
}
