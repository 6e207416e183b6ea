/**
 * Redis-backed {@link dev.alk.pubsub.TypedEventTarget}, usable without Spring Boot.
 */
@NullMarked
package dev.alk.pubsub.redis;

import org.jspecify.annotations.NullMarked;
