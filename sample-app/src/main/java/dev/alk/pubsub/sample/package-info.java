/**
 * Sample service: calls answered by whichever instance handles them, over the Redis event
 * target.
 */
@NullMarked
package dev.alk.pubsub.sample;

import org.jspecify.annotations.NullMarked;
