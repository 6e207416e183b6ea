/**
 * Auto-configuration of the Redis event target's Micrometer metrics.
 */
@NullMarked
package dev.alk.pubsub.redis.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
