package io.kafkabluegreen.common.http;

/** One invalid input: the parameter or field name, and what is wrong with it. */
public record FieldError(String field, String detail) {}
