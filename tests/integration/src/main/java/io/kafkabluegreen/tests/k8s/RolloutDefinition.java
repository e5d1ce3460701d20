package io.kafkabluegreen.tests.k8s;

/**
 * The parts of a blueGreen {@code Rollout} the provider reads.
 *
 * @param name the Rollout's name
 * @param app the {@code app} label of its pods (selector)
 * @param consumerGroup annotation {@code kafka-bluegreen.io/consumer-group}
 * @param leaseName annotation {@code kafka-bluegreen.io/lease}
 * @param lifecyclePort annotation {@code kafka-bluegreen.io/lifecycle-port}
 * @param strategy annotation {@code kafka-bluegreen.io/strategy}: {@code pause-resume} or {@code
 *     offset-sync}
 * @param replicas spec.replicas
 */
public record RolloutDefinition(
    String name,
    String app,
    String consumerGroup,
    String leaseName,
    int lifecyclePort,
    String strategy,
    int replicas) {

  public static final String ANNOTATION_PREFIX = "kafka-bluegreen.io/";
}
