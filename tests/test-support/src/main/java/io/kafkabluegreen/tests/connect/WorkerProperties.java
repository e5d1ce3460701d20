package io.kafkabluegreen.tests.connect;

import java.util.Properties;

/**
 * The properties file of one distributed-mode worker. Everything not set here keeps Connect's own
 * default, on purpose: a handover tested against these workers sees what a production cluster does.
 * In particular:
 *
 * <ul>
 *   <li>{@code offset.flush.interval.ms} stays 60 s: a sink task commits its consumer offsets that
 *       often while running, and once more when it is stopped (which is what a handover relies on).
 *   <li>{@code scheduled.rebalance.max.delay.ms} stays 5 min: tasks of a worker that left are only
 *       reassigned after that delay. A test that stops or kills one of several workers and expects
 *       its tasks to move should lower it through {@link ConnectClusterOptions#extraConfig()}.
 *   <li>{@code plugin.path} stays unset: the plugins ({@code connect-file} among them) are found on
 *       the worker's classpath.
 *   <li>the internal topics keep their default partition counts (configs 1, offsets 25, status 5).
 * </ul>
 */
final class WorkerProperties {

  private WorkerProperties() {}

  static Properties of(String bootstrapServers, ConnectClusterOptions options, int restPort) {
    Properties p = new Properties();
    // The test broker instead of localhost:9092.
    p.put("bootstrap.servers", bootstrapServers);
    // The cluster's identity: workers with one group.id and one set of internal topics form a
    // cluster; another clusterId on the same broker is another, independent cluster.
    p.put("group.id", options.clusterId());
    p.put("config.storage.topic", options.clusterId() + "-configs");
    p.put("offset.storage.topic", options.clusterId() + "-offsets");
    p.put("status.storage.topic", options.clusterId() + "-status");
    // The test broker is a single node: Connect's default replication factor of 3 cannot be met.
    p.put("config.storage.replication.factor", "1");
    p.put("offset.storage.replication.factor", "1");
    p.put("status.storage.replication.factor", "1");
    // Distributed mode has no default converters; the tests' records are plain strings, and a
    // FileStreamSinkConnector writes each value as one line.
    p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    p.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
    // One free port per worker on the caller's loopback address instead of :8083 for all. The
    // advertised URL (what followers forward requests to) defaults to this host and port.
    p.put("listeners", "http://" + options.restHost() + ":" + restPort);
    // ${env:NAME} in a connector's config resolves in the worker that runs it, so one connector
    // config can name a different file (or anything else) per cluster.
    p.put("config.providers", "env");
    p.put(
        "config.providers.env.class",
        "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
    p.putAll(options.extraConfig());
    return p;
  }
}
