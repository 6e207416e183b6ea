package dev.alk.pubsub.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.alk.pubsub.EventPublishException;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.util.ClassUtils;

/**
 * Publishes messages through a {@link RedisOperations template}. With Lettuce the publish
 * is sent on the template's shared connection without blocking the caller; with other
 * drivers it blocks. Every publish completes within the timeout; one that timed out is
 * cancelled, so it is not sent later. Thread-safe.
 */
final class ChannelPublisher {

	private static final boolean LETTUCE_PRESENT = ClassUtils
		.isPresent("io.lettuce.core.api.async.BaseRedisAsyncCommands", ChannelPublisher.class.getClassLoader());

	private final RedisOperations<?, ?> template;

	private final Duration timeout;

	ChannelPublisher(RedisOperations<?, ?> template, Duration timeout) {
		this.template = template;
		this.timeout = timeout;
	}

	CompletableFuture<Long> publish(String channel, byte[] channelBytes, byte[] message) {
		CompletableFuture<Long> result = new CompletableFuture<>();
		send(channelBytes, message).orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((receivers, failure) -> {
				if (failure == null) {
					result.complete(receivers);
				}
				else {
					result.completeExceptionally(failure(channel, failure));
				}
			});
		return result;
	}

	private CompletableFuture<Long> send(byte[] channel, byte[] message) {
		try {
			CompletableFuture<Long> sent = this.template
				.execute((RedisCallback<CompletableFuture<Long>>) (connection) -> send(connection, channel, message));
			return (sent != null) ? sent : CompletableFuture.failedFuture(new IllegalStateException("No reply"));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private CompletableFuture<Long> send(RedisConnection connection, byte[] channel, byte[] message) {
		if (LETTUCE_PRESENT) {
			CompletableFuture<Long> sent = LettuceSender.send(connection.getNativeConnection(), channel, message);
			if (sent != null) {
				return sent;
			}
		}
		return CompletableFuture.completedFuture(connection.publish(channel, message));
	}

	private EventPublishException failure(String channel, Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause instanceof TimeoutException) {
			return new EventPublishException(
					"Publishing to channel '%s' timed out after %s".formatted(channel, this.timeout), cause);
		}
		return new EventPublishException("Publishing to channel '%s' failed: %s".formatted(channel, cause.getMessage()),
				cause);
	}

	private static final class LettuceSender {

		@SuppressWarnings("unchecked")
		static @Nullable CompletableFuture<Long> send(Object nativeConnection, byte[] channel, byte[] message) {
			if (nativeConnection instanceof BaseRedisAsyncCommands<?, ?> commands) {
				return ((BaseRedisAsyncCommands<byte[], byte[]>) commands).publish(channel, message)
					.toCompletableFuture();
			}
			return null;
		}

	}

}
