/**
 * The pub/sub libraries that the benchmarks compare, behind one interface.
 */
@NullMarked
package dev.alk.pubsub.benchmarks.contenders;

import org.jspecify.annotations.NullMarked;
