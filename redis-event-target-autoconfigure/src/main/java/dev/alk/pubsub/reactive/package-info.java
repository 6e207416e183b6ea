/**
 * Reactor streams of a typed event target's topics.
 */
@NullMarked
package dev.alk.pubsub.reactive;

import org.jspecify.annotations.NullMarked;
