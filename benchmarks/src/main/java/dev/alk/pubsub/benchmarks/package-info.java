/**
 * Benchmarks that run the event target side by side with raw Lettuce, Spring Data Redis
 * and Redisson on one Redis.
 */
@NullMarked
package dev.alk.pubsub.benchmarks;

import org.jspecify.annotations.NullMarked;
