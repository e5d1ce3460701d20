package io.kafkabluegreen.provider.lag;

import io.kafkabluegreen.common.http.ApiException;
import io.kafkabluegreen.common.http.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.common.IsolationLevel;

/**
 * Turns the query string of the lag endpoints into a {@link LagQuery}, or a 400 that lists every
 * offending parameter at once. Unknown parameters are rejected too: a misspelt {@code isolaton}
 * silently ignored would measure the wrong thing.
 */
final class LagParams {

  static final Set<String> LAG_PARAMS =
      Set.of("group", "topic", "isolation", "uncommitted", "timeLag", "detail");
  static final Set<String> STATUS_PARAMS = Set.of("group");

  /** Kafka's own rule for topic names. */
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  private static final int MAX_GROUP_LENGTH = 255;

  private final Map<String, List<String>> query;
  private final List<FieldError> errors = new ArrayList<>();

  private LagParams(Map<String, List<String>> query) {
    this.query = query;
  }

  static LagQuery lagQuery(Map<String, List<String>> query, LagOptions defaults) {
    LagParams p = new LagParams(query);
    p.rejectUnknown(LAG_PARAMS);
    String group = p.group();
    Set<String> topics = p.topics();
    IsolationLevel isolation =
        p.choice(
            "isolation",
            IsolationLevel.class,
            defaults.isolation(),
            "read_uncommitted, read_committed");
    UncommittedPolicy uncommitted =
        p.choice(
            "uncommitted", UncommittedPolicy.class, defaults.uncommitted(), "earliest, latest");
    boolean timeLag = p.bool("timeLag");
    LagDetail detail =
        p.choice("detail", LagDetail.class, LagDetail.PARTITIONS, "partitions, totals");
    p.validate();
    return new LagQuery(group, new TreeSet<>(topics), isolation, uncommitted, timeLag, detail);
  }

  static String statusGroup(Map<String, List<String>> query) {
    LagParams p = new LagParams(query);
    p.rejectUnknown(STATUS_PARAMS);
    String group = p.group();
    p.validate();
    return group;
  }

  private void rejectUnknown(Set<String> allowed) {
    String expected = "unknown parameter; expected " + String.join(", ", new TreeSet<>(allowed));
    for (String name : new TreeSet<>(query.keySet())) {
      if (!allowed.contains(name)) {
        errors.add(new FieldError(name, expected));
      }
    }
  }

  private String group() {
    String group = single("group");
    if (group == null) {
      errors.add(new FieldError("group", "is required"));
      return "";
    }
    if (group.isBlank()) {
      errors.add(new FieldError("group", "must not be blank"));
    } else if (group.length() > MAX_GROUP_LENGTH) {
      errors.add(new FieldError("group", "must be at most " + MAX_GROUP_LENGTH + " characters"));
    }
    return group;
  }

  private Set<String> topics() {
    Set<String> topics = new TreeSet<>();
    for (String topic : query.getOrDefault("topic", List.of())) {
      if (TOPIC.matcher(topic).matches() && !topic.equals(".") && !topic.equals("..")) {
        topics.add(topic);
      } else {
        errors.add(
            new FieldError(
                "topic", "'" + topic + "' is not a valid topic name ([a-zA-Z0-9._-], 1 to 249)"));
      }
    }
    return topics;
  }

  private <E extends Enum<E>> E choice(String name, Class<E> type, E fallback, String allowed) {
    String value = single(name);
    if (value == null) {
      return fallback;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value)) {
        return constant;
      }
    }
    errors.add(new FieldError(name, "must be one of " + allowed + ", got '" + value + "'"));
    return fallback;
  }

  private boolean bool(String name) {
    String value = single(name);
    if (value == null) {
      return false;
    }
    String v = value.toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      errors.add(new FieldError(name, "must be true or false, got '" + value + "'"));
      return false;
    }
    return Boolean.parseBoolean(v);
  }

  /** The parameter's value if given once, null if absent; given twice is an error. */
  private String single(String name) {
    List<String> values = query.getOrDefault(name, List.of());
    if (values.size() > 1) {
      errors.add(new FieldError(name, "must be given once, got " + values.size() + " values"));
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private void validate() {
    if (!errors.isEmpty()) {
      String fields = String.join(", ", errors.stream().map(FieldError::field).distinct().toList());
      throw ApiException.badRequest("Invalid query parameters: " + fields, errors);
    }
  }
}
