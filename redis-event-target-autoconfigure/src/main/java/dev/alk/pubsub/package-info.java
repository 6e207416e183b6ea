/**
 * Typed event target API: envelopes, events, listeners, subscriptions and serializers.
 */
@NullMarked
package dev.alk.pubsub;

import org.jspecify.annotations.NullMarked;
