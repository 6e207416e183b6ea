/**
 * Auto-configuration of the Redis event target's health indicator.
 */
@NullMarked
package dev.alk.pubsub.redis.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
