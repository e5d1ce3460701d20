package io.kafkabluegreen.lifecycle.http;

/** One invalid input: the parameter or field name, and what is wrong with it. */
public record FieldError(String field, String detail) {}
