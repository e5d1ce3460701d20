package io.kafkabluegreen.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javalin.Javalin;
import io.kafkabluegreen.common.http.BearerAuth;
import io.kafkabluegreen.provider.config.ProviderConfig;
import io.kafkabluegreen.provider.connect.ConnectClients;
import io.kafkabluegreen.provider.connect.ConnectRevisionHealth;
import io.kafkabluegreen.provider.connect.ConnectSinkStrategy;
import io.kafkabluegreen.provider.handover.GroupReader;
import io.kafkabluegreen.provider.handover.HandoverCoordinator;
import io.kafkabluegreen.provider.handover.HandoverMetrics;
import io.kafkabluegreen.provider.handover.HandoverRoutes;
import io.kafkabluegreen.provider.handover.HandoverService;
import io.kafkabluegreen.provider.handover.LeaseStore;
import io.kafkabluegreen.provider.handover.Strategies;
import io.kafkabluegreen.provider.http.HttpServer;
import io.kafkabluegreen.provider.http.OpenApiRoutes;
import io.kafkabluegreen.provider.http.Routes;
import io.kafkabluegreen.provider.lag.LagModule;
import io.kafkabluegreen.provider.metrics.ProviderMetrics;
import io.kafkabluegreen.provider.offsetsync.OffsetSyncStrategy;
import io.kafkabluegreen.provider.pauseresume.PauseResumeStrategy;
import io.kafkabluegreen.provider.pods.LifecycleClient;
import io.kafkabluegreen.provider.pods.PodCommands;
import io.kafkabluegreen.provider.pods.PodLocator;
import io.kafkabluegreen.provider.revision.RevisionHealthService;
import io.kafkabluegreen.provider.revision.RevisionRoutes;
import io.kafkabluegreen.provider.rollout.RolloutReader;
import io.kafkabluegreen.provider.rollout.StrategyName;
import io.kafkabluegreen.provider.warmup.Warmup;
import io.kafkabluegreen.provider.watch.LeaderElection;
import io.kafkabluegreen.provider.watch.RolloutWatcher;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Wires the provider's parts by hand (no DI framework) and owns their lifetime. {@link Main} builds
 * it from the environment; tests build it from a map and a Kubernetes client of their own.
 */
public final class ProviderApp implements AutoCloseable {

  private final Admin admin;
  private final Javalin http;
  private final LagModule lag;
  private final KubernetesClient kubernetes;
  private final boolean ownsKubernetes;
  private final HandoverCoordinator coordinator;
  private final Optional<RolloutWatcher> watcher;
  private final Optional<LeaderElection> election;
  private final CompletableFuture<Warmup.Report> warmup;

  private ProviderApp(
      Admin admin,
      Javalin http,
      LagModule lag,
      KubernetesClient kubernetes,
      boolean ownsKubernetes,
      HandoverCoordinator coordinator,
      Optional<RolloutWatcher> watcher,
      Optional<LeaderElection> election,
      CompletableFuture<Warmup.Report> warmup) {
    this.admin = admin;
    this.http = http;
    this.lag = lag;
    this.kubernetes = kubernetes;
    this.ownsKubernetes = ownsKubernetes;
    this.coordinator = coordinator;
    this.watcher = watcher;
    this.election = election;
    this.warmup = warmup;
  }

  /**
   * Starts with a Kubernetes client configured the fabric8 way: in-cluster service account, {@code
   * KUBECONFIG}, or {@code KUBERNETES_MASTER}.
   */
  public static ProviderApp start(ProviderConfig config) {
    return start(config, new KubernetesClientBuilder().build(), true);
  }

  /** Starts against the given Kubernetes API (a test's mock server); the caller closes it. */
  public static ProviderApp start(ProviderConfig config, KubernetesClient kubernetes) {
    return start(config, kubernetes, false);
  }

  private static ProviderApp start(
      ProviderConfig config, KubernetesClient kubernetes, boolean ownsKubernetes) {
    ProviderMetrics metrics = new ProviderMetrics();
    Admin admin = Admin.create(adminProperties(config));
    RolloutReader rollouts = new RolloutReader(kubernetes);
    PodLocator pods = new PodLocator(kubernetes);
    LifecycleClient lifecycle = new LifecycleClient(config.lifecycle());
    LeaseStore leases = new LeaseStore(kubernetes);
    GroupReader groups = new GroupReader(admin, config.kafkaTimeout());
    ConnectClients connect = new ConnectClients(config.connect().client());
    Strategies strategies = strategies(config, kubernetes, pods, lifecycle, groups, connect);
    HandoverService handover =
        new HandoverService(
            leases,
            pods,
            strategies,
            groups,
            config.handover(),
            new HandoverMetrics(metrics.registry()));
    HandoverCoordinator coordinator =
        new HandoverCoordinator(handover, config.handover().identity());

    LagModule lag =
        LagModule.start(
            config.lag(), admin, config.kafka(), config.kafkaTimeout(), metrics.registry());
    List<Routes> routes = new ArrayList<>();
    routes.add(new OpenApiRoutes());
    routes.add(lag.routes());
    routes.add(
        new HandoverRoutes(
            rollouts,
            leases,
            coordinator,
            new BearerAuth(config.authToken()),
            config.handover().requestWait()));
    routes.add(
        new RevisionRoutes(
            rollouts,
            new RevisionHealthService(pods, lifecycle),
            Map.of(StrategyName.CONNECT, new ConnectRevisionHealth(pods, connect))));
    ObjectMapper responses = HttpServer.objectMapper();
    Javalin http = HttpServer.create(metrics, lag.kafkaReady(), routes, responses);
    http.start(config.bindAddress(), config.port());
    // Before the watcher starts, so that its first handover finds the caches filled if it can.
    CompletableFuture<Warmup.Report> warmup =
        config.warmup()
            ? new Warmup(
                    kubernetes,
                    new Warmup.ApiReads(
                        config.watcher().leaderNamespace(),
                        config.watcher().leaderLease(),
                        config.watcher().namespace().orElse(config.watcher().leaderNamespace())),
                    groups,
                    lifecycle,
                    responses,
                    selfHost(config),
                    http.port())
                .start()
            : CompletableFuture.completedFuture(Warmup.Report.skipped());

    Optional<RolloutWatcher> watcher = Optional.empty();
    Optional<LeaderElection> election = Optional.empty();
    if (config.watcher().enabled()) {
      RolloutWatcher rolloutWatcher =
          new RolloutWatcher(kubernetes, config.watcher(), coordinator, leases, strategies);
      rolloutWatcher.start();
      watcher = Optional.of(rolloutWatcher);
      if (config.watcher().leaderElection()) {
        LeaderElection leaderElection =
            new LeaderElection(
                kubernetes,
                config.watcher(),
                config.handover().identity(),
                rolloutWatcher::leading);
        leaderElection.start();
        election = Optional.of(leaderElection);
      } else {
        rolloutWatcher.leading(true);
      }
    }
    return new ProviderApp(
        admin, http, lag, kubernetes, ownsKubernetes, coordinator, watcher, election, warmup);
  }

  /** An address the own HTTP server answers on: the bound one, loopback for a wildcard. */
  private static String selfHost(ProviderConfig config) {
    String bind = config.bindAddress();
    return bind.equals("0.0.0.0") || bind.equals("::") || bind.isBlank() ? "127.0.0.1" : bind;
  }

  /** One implementation per {@link io.kafkabluegreen.provider.rollout.StrategyName}. */
  private static Strategies strategies(
      ProviderConfig config,
      KubernetesClient kubernetes,
      PodLocator pods,
      LifecycleClient lifecycle,
      GroupReader groups,
      ConnectClients connect) {
    PodCommands commands = new PodCommands(lifecycle);
    Duration drain = config.handover().drainTimeout();
    return new Strategies(
        List.of(
            new PauseResumeStrategy(pods, commands, drain),
            new OffsetSyncStrategy(
                pods,
                commands,
                drain,
                groups,
                config.handover().groupRetention(),
                Clock.systemUTC()),
            new ConnectSinkStrategy(
                pods,
                connect,
                kubernetes,
                config.connect().operatorTimeout(),
                config.handover().pollInterval())));
  }

  static Properties adminProperties(ProviderConfig config) {
    Properties p = new Properties();
    p.putAll(config.kafka());
    int timeout = (int) config.kafkaTimeout().toMillis();
    p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(timeout));
    p.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(timeout));
    p.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-bluegreen-provider");
    // Kafka 4 describes a group with the new consumer-group API first and, for a classic group,
    // asks again with the classic API after retry.backoff.ms: 100 ms by default, which would be
    // most of every lag read. Later retries still back off exponentially to retry.backoff.max.ms.
    p.putIfAbsent(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "5");
    return p;
  }

  /** The bound HTTP port (useful when configured with port 0). */
  public int port() {
    return http.port();
  }

  /** Completes when the start-up warm-up ({@link Warmup}) has run. */
  public CompletableFuture<Warmup.Report> warmup() {
    return warmup;
  }

  /** True while this provider's Rollout watcher acts (it is the leader, or election is off). */
  public boolean leading() {
    return watcher.map(RolloutWatcher::isLeading).orElse(false);
  }

  @Override
  public void close() {
    election.ifPresent(LeaderElection::close);
    watcher.ifPresent(RolloutWatcher::close);
    coordinator.close();
    http.stop();
    lag.close();
    admin.close(Duration.ofSeconds(2));
    if (ownsKubernetes) {
      kubernetes.close();
    }
  }
}
