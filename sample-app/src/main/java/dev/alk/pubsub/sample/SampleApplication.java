package dev.alk.pubsub.sample;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Sample service. With {@code demo} as first argument it runs the two-instance demo, with
 * {@code serve} it starts one instance on a Redis it makes sure of, else it starts one
 * instance on the configured Redis.
 *
 * @since 0.1.0
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
public class SampleApplication {

	public static void main(String[] args) throws Exception {
		String mode = (args.length > 0) ? args[0] : "";
		String[] rest = (args.length > 0) ? Arrays.copyOfRange(args, 1, args.length) : args;
		switch (mode) {
			case "demo" -> System.exit(new CallDemo().run(rest));
			case "serve" -> serve(rest);
			default -> SpringApplication.run(SampleApplication.class, args);
		}
	}

	private static void serve(String[] args) {
		DemoRedis redis = DemoRedis.ensure();
		redis.keepFor(SpringApplication.run(SampleApplication.class, redis.arguments(args)));
	}

}
