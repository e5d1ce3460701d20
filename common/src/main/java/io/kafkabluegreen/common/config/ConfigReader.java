package io.kafkabluegreen.common.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads typed settings from a string map (the process environment in production, a plain map in
 * tests) and collects every problem instead of stopping at the first, so that a bad deployment
 * fails with the whole list at once. Secrets are remembered so that {@link #describe()} masks them.
 *
 * <p>Typical use: read every field, then call {@link #validate()} once, then build the record.
 */
public final class ConfigReader {

  private final Map<String, String> source;
  private final List<String> problems = new ArrayList<>();
  private final Map<String, String> effective = new TreeMap<>();
  private final Set<String> secrets = new TreeSet<>();

  public ConfigReader(Map<String, String> source) {
    this.source = Map.copyOf(source);
  }

  public String string(String key, String defaultValue) {
    String value = raw(key).orElse(defaultValue);
    effective.put(key, value);
    return value;
  }

  /** A value that must be present and non-blank. */
  public String required(String key) {
    Optional<String> value = raw(key);
    if (value.isEmpty()) {
      problems.add(key + " is required");
      return "";
    }
    effective.put(key, value.get());
    return value.get();
  }

  public Optional<String> optional(String key) {
    Optional<String> value = raw(key);
    value.ifPresent(v -> effective.put(key, v));
    return value;
  }

  /** A secret: never shown by {@link #describe()}. */
  public Optional<String> secret(String key) {
    secrets.add(key);
    return optional(key);
  }

  public int integer(String key, int defaultValue, int min, int max) {
    return (int) number(key, defaultValue, min, max);
  }

  public long number(String key, long defaultValue, long min, long max) {
    Optional<String> value = raw(key);
    if (value.isEmpty()) {
      effective.put(key, Long.toString(defaultValue));
      return defaultValue;
    }
    try {
      long parsed = Long.parseLong(value.get().trim());
      if (parsed < min || parsed > max) {
        problems.add(key + " must be between " + min + " and " + max + ", got " + parsed);
        return defaultValue;
      }
      effective.put(key, Long.toString(parsed));
      return parsed;
    } catch (NumberFormatException e) {
      problems.add(key + " must be a whole number, got '" + value.get() + "'");
      return defaultValue;
    }
  }

  /** A duration given in milliseconds; the key should end in {@code _MS}. */
  public Duration millis(String key, Duration defaultValue, Duration min, Duration max) {
    return Duration.ofMillis(number(key, defaultValue.toMillis(), min.toMillis(), max.toMillis()));
  }

  public boolean bool(String key, boolean defaultValue) {
    Optional<String> value = raw(key);
    if (value.isEmpty()) {
      effective.put(key, Boolean.toString(defaultValue));
      return defaultValue;
    }
    String v = value.get().trim().toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      problems.add(key + " must be true or false, got '" + value.get() + "'");
      return defaultValue;
    }
    effective.put(key, v);
    return Boolean.parseBoolean(v);
  }

  public <E extends Enum<E>> E oneOf(String key, Class<E> type, E defaultValue) {
    Optional<String> value = raw(key);
    if (value.isEmpty()) {
      effective.put(key, defaultValue.name());
      return defaultValue;
    }
    String wanted = value.get().trim().replace('-', '_').toUpperCase(Locale.ROOT);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(wanted)) {
        effective.put(key, value.get());
        return constant;
      }
    }
    problems.add(key + " must be one of " + names(type) + ", got '" + value.get() + "'");
    return defaultValue;
  }

  /**
   * Every key with the given prefix, turned into a client property: {@code KAFKA_BOOTSTRAP_SERVERS}
   * becomes {@code bootstrap.servers}. Keys that look secret (password, secret, jaas) are masked.
   */
  public Map<String, String> clientProperties(String prefix) {
    Map<String, String> properties = new TreeMap<>();
    source.forEach(
        (key, value) -> {
          if (key.startsWith(prefix) && key.length() > prefix.length()) {
            String property =
                key.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            properties.put(property, value);
            if (looksSecret(property)) {
              secrets.add(key);
            }
            effective.put(key, value);
          }
        });
    return properties;
  }

  /** Records a problem found by the caller (e.g. a cross-field rule). */
  public void problem(String message) {
    problems.add(message);
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** Throws a {@link ConfigException} listing every problem found so far, if any. */
  public void validate() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  /** The effective configuration, one {@code KEY=value} per line, secrets masked. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    effective.forEach(
        (key, value) ->
            out.append(key)
                .append('=')
                .append(secrets.contains(key) ? "****" : value)
                .append('\n'));
    return out.toString().stripTrailing();
  }

  private Optional<String> raw(String key) {
    String value = source.get(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static boolean looksSecret(String property) {
    return property.contains("password")
        || property.contains("secret")
        || property.contains("jaas");
  }

  private static <E extends Enum<E>> String names(Class<E> type) {
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    return String.join(", ", names);
  }
}
