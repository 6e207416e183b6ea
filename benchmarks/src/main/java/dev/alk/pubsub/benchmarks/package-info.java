/**
 * Benchmarks that run the event target side by side with raw Lettuce, Spring Data Redis
 * and Redisson on one Redis, and in classic and sharded mode on local Redis Clusters.
 */
@NullMarked
package dev.alk.pubsub.benchmarks;

import org.jspecify.annotations.NullMarked;
