package io.kafkabluegreen.tests.validate;

/**
 * The moment consumption moved from one revision to another, read from the audit timeline: the last
 * record {@code from} processed before the first record {@code to} processed.
 *
 * @param gapMillis {@code firstToAt - lastFromAt}: how long nothing was processed at the switch
 */
public record Transition(String from, String to, long lastFromAt, long firstToAt, long gapMillis) {}
