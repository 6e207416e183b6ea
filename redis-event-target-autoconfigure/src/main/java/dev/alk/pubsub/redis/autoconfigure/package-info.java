/**
 * Auto-configuration of the Redis event target.
 */
@NullMarked
package dev.alk.pubsub.redis.autoconfigure;

import org.jspecify.annotations.NullMarked;
