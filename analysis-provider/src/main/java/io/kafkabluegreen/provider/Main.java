package io.kafkabluegreen.provider;

import io.kafkabluegreen.common.config.ConfigException;
import io.kafkabluegreen.provider.config.ProviderConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the environment, logs the effective configuration and starts the provider. */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    ProviderConfig config;
    try {
      config = ProviderConfig.fromEnv(System.getenv());
    } catch (ConfigException e) {
      LOG.error(e.getMessage());
      System.exit(2);
      return;
    }
    LOG.info("Starting analysis-provider with\n{}", config.description());
    ProviderApp app = ProviderApp.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "provider-shutdown"));
    LOG.info("analysis-provider listening on {}:{}", config.bindAddress(), app.port());
  }
}
