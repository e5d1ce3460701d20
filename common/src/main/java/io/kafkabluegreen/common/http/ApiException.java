package io.kafkabluegreen.common.http;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one exception type an HTTP handler throws to answer with a problem+json error. The factory
 * methods fix the status, the {@code type} URI and the title; the caller gives a precise detail.
 */
public class ApiException extends RuntimeException {

  private static final String TYPE_BASE = "https://kafka-bluegreen.io/problems/";

  private final int status;
  private final String type;
  private final String title;
  private final List<FieldError> errors;
  private final Duration retryAfter;

  protected ApiException(
      int status,
      String slug,
      String title,
      String detail,
      List<FieldError> errors,
      Duration retryAfter,
      Throwable cause) {
    super(detail, cause);
    this.status = status;
    this.type = TYPE_BASE + slug;
    this.title = title;
    this.errors = List.copyOf(errors);
    this.retryAfter = retryAfter;
  }

  /** 400: the request is malformed; every offending field is listed. */
  public static ApiException badRequest(String detail, List<FieldError> errors) {
    return new ApiException(400, "bad-request", "Bad request", detail, errors, null, null);
  }

  public static ApiException badRequest(String field, String detail) {
    return badRequest(detail, List.of(new FieldError(field, detail)));
  }

  public static ApiException unauthorized(String detail) {
    return new ApiException(401, "unauthorized", "Unauthorized", detail, List.of(), null, null);
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(403, "forbidden", "Forbidden", detail, List.of(), null, null);
  }

  public static ApiException notFound(String detail) {
    return new ApiException(404, "not-found", "Not found", detail, List.of(), null, null);
  }

  public static ApiException conflict(String detail) {
    return new ApiException(409, "conflict", "Conflict", detail, List.of(), null, null);
  }

  /** 503: a dependency (Kafka, Kubernetes) cannot be reached; the client may retry later. */
  public static ApiException unavailable(String detail, Duration retryAfter, Throwable cause) {
    return new ApiException(
        503, "unavailable", "Service unavailable", detail, List.of(), retryAfter, cause);
  }

  /** 504: something we waited on (a pod, a broker) did not answer in time. */
  public static ApiException timeout(String detail, Throwable cause) {
    return new ApiException(504, "timeout", "Timed out", detail, List.of(), null, cause);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String title() {
    return title;
  }

  public List<FieldError> errors() {
    return errors;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public ProblemDetail toProblem(String instance) {
    return new ProblemDetail(type, title, status, getMessage(), instance, errors);
  }
}
