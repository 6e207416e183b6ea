/**
 * Micrometer metrics of the Redis event target.
 */
@NullMarked
package dev.alk.pubsub.redis.metrics;

import org.jspecify.annotations.NullMarked;
