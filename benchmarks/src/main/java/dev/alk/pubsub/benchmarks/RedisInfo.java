package dev.alk.pubsub.benchmarks;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fields of the reply to Redis's {@code INFO} command.
 */
final class RedisInfo {

	private RedisInfo() {
	}

	/**
	 * Return the value of a field of an {@code INFO} reply.
	 * @param info the reply
	 * @param name the name of the field, such as {@code used_memory}
	 * @return the value
	 * @throws IllegalStateException if the reply has no such field
	 */
	static String field(String info, String name) {
		Matcher field = Pattern.compile("(?m)^" + Pattern.quote(name) + ":([^\\r\\n]*)").matcher(info);
		if (!field.find()) {
			throw new IllegalStateException("INFO has no field '" + name + "'");
		}
		return field.group(1);
	}

}
