/**
 * Actuator health of the Redis event target.
 */
@NullMarked
package dev.alk.pubsub.redis.health;

import org.jspecify.annotations.NullMarked;
