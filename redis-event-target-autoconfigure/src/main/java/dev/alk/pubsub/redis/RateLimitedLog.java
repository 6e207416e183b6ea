package dev.alk.pubsub.redis;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;

/**
 * Warn log that writes at most one message per interval and says how many it held back.
 * Thread-safe.
 */
final class RateLimitedLog {

	private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final Log logger;

	private final AtomicLong nextAllowed = new AtomicLong(System.nanoTime());

	private final AtomicLong suppressed = new AtomicLong();

	RateLimitedLog(Log logger) {
		this.logger = logger;
	}

	void warn(Supplier<String> message) {
		if (!this.logger.isWarnEnabled()) {
			return;
		}
		long now = System.nanoTime();
		long allowed = this.nextAllowed.get();
		if (now - allowed < 0 || !this.nextAllowed.compareAndSet(allowed, now + INTERVAL_NANOS)) {
			this.suppressed.incrementAndGet();
			return;
		}
		long held = this.suppressed.getAndSet(0);
		this.logger.warn((held > 0) ? message.get() + " (" + held + " similar messages suppressed)" : message.get());
	}

}
