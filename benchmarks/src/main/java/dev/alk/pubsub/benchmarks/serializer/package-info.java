/**
 * Throughput of the event target's envelope serializer next to plain Jackson.
 */
@NullMarked
package dev.alk.pubsub.benchmarks.serializer;

import org.jspecify.annotations.NullMarked;
