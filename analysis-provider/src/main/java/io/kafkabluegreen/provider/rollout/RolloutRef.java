package io.kafkabluegreen.provider.rollout;

import io.kafkabluegreen.common.http.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A Rollout's identity: its namespace and name, both valid Kubernetes names. */
public record RolloutRef(String namespace, String name) {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  /** The problems with a namespace and name taken from a request; empty when both are valid. */
  public static List<FieldError> problems(String namespace, String name) {
    List<FieldError> errors = new ArrayList<>();
    if (namespace == null || !DNS_LABEL.matcher(namespace).matches()) {
      errors.add(new FieldError("namespace", "must be a DNS-1123 label, got '" + namespace + "'"));
    }
    if (name == null || !DNS_SUBDOMAIN.matcher(name).matches()) {
      errors.add(new FieldError("rollout", "must be a DNS-1123 subdomain, got '" + name + "'"));
    }
    return errors;
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
