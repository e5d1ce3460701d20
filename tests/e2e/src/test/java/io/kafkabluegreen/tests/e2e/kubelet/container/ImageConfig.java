package io.kafkabluegreen.tests.e2e.kubelet.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an image's config ({@code config} of the OCI / Docker image configuration) says about
 * running it.
 *
 * @param entrypoint {@code Entrypoint}, empty when unset
 * @param cmd {@code Cmd}, empty when unset
 * @param env {@code Env} as {@code KEY=value}
 * @param user {@code User}: {@code uid}, {@code uid:gid}, {@code name} or {@code name:group}; empty
 *     means root
 * @param workingDir {@code WorkingDir}, empty when unset
 */
public record ImageConfig(
    List<String> entrypoint, List<String> cmd, List<String> env, String user, String workingDir) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Parses an image configuration blob. */
  public static ImageConfig parse(byte[] json) {
    try {
      JsonNode config = JSON.readTree(json).path("config");
      return new ImageConfig(
          strings(config.path("Entrypoint")),
          strings(config.path("Cmd")),
          strings(config.path("Env")),
          config.path("User").asText(""),
          config.path("WorkingDir").asText(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asText()));
    return List.copyOf(values);
  }
}
