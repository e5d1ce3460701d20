package io.kafkabluegreen.tests.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * An HTTP answer: status and JSON body ({@link MissingNode} when the body is empty or not JSON).
 *
 * @param elapsedMillis request to full answer
 */
public record HttpResult(int status, JsonNode body, String rawBody, long elapsedMillis) {

  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /** A top-level text field, or empty string. */
  public String text(String field) {
    return body.path(field).asText("");
  }

  @Override
  public String toString() {
    return status + " " + rawBody;
  }
}
