package io.kafkabluegreen.provider.connect;

import java.util.Map;

/**
 * One entry of {@code GET /connectors/{name}/offsets}, passed back unchanged to {@code PATCH}. For
 * a sink connector the partition is {@code {"kafka_topic","kafka_partition"}} and the offset {@code
 * {"kafka_offset"}}; a source connector's shapes are its own, so both stay untyped maps.
 *
 * @param partition the source partition, or the topic partition of a sink
 * @param offset the committed position; Connect reads a {@code null} offset in a PATCH as "forget
 *     this partition"
 */
public record ConnectorOffset(Map<String, Object> partition, Map<String, Object> offset) {}
