/**
 * Real Redis servers on loopback for tests of applications that use the event target.
 */
@NullMarked
package dev.alk.pubsub.test;

import org.jspecify.annotations.NullMarked;
