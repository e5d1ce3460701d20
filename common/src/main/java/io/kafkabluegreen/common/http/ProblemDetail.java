package io.kafkabluegreen.common.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An RFC 9457 {@code application/problem+json} body. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProblemDetail(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    List<FieldError> errors) {

  public static final String CONTENT_TYPE = "application/problem+json";
}
