/**
 * The provider's client for the Kafka Connect REST API (Kafka 4.1), which strategy E drives: one
 * {@link io.kafkabluegreen.provider.connect.ConnectClient} per Connect cluster (a revision's
 * workers).
 *
 * <p>Rules every call keeps: it returns or throws within the request timeout, retries of Connect's
 * rebalance {@code 409}s included; a worker that does not answer is a {@link
 * io.kafkabluegreen.provider.connect.ConnectUnavailableException}, a worker that answers an error a
 * {@link io.kafkabluegreen.provider.connect.ConnectRequestException} with Connect's status and
 * message; both messages read "could not {operation} connector {name} on {worker}: {why}", since
 * they end up in handover results.
 */
package io.kafkabluegreen.provider.connect;
