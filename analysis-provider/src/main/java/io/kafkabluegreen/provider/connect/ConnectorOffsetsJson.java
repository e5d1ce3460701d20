package io.kafkabluegreen.provider.connect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Connect's offsets document, {@code {"offsets":[{"partition":{…},"offset":{…}}]}}: the body of
 * {@code GET/PATCH /connectors/{name}/offsets} and what Strimzi keeps under {@code offsets.json}.
 */
public final class ConnectorOffsetsJson {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private ConnectorOffsetsJson() {}

  /**
   * @throws IllegalArgumentException when {@code text} is not such a document
   */
  public static List<ConnectorOffset> parse(String text) {
    try {
      List<ConnectorOffset> offsets = new ArrayList<>();
      for (JsonNode o : JSON.readTree(text).path("offsets")) {
        offsets.add(
            new ConnectorOffset(
                JSON.convertValue(o.path("partition"), MAP),
                JSON.convertValue(o.path("offset"), MAP)));
      }
      return offsets;
    } catch (IOException e) {
      throw new IllegalArgumentException("not a Connect offsets document: " + e.getMessage(), e);
    }
  }

  public static String render(List<ConnectorOffset> offsets) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("offsets", offsets));
    } catch (IOException e) {
      throw new IllegalStateException("offsets are plain maps and always render", e);
    }
  }
}
