/**
 * Auto-configuration of the Reactor view of the event target.
 */
@NullMarked
package dev.alk.pubsub.redis.autoconfigure.reactive;

import org.jspecify.annotations.NullMarked;
