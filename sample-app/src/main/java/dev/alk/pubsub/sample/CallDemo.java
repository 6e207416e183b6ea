package dev.alk.pubsub.sample;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo: makes sure of a Redis, starts two instances of the sample service on two
 * ports, makes one call through the first that the second answers, prints the round trip
 * and stops everything it started.
 *
 * @since 0.1.0
 */
final class CallDemo {

	private static final String CALL_BODY = "{\"text\":\"hello across instances\",\"count\":21}";

	private static final int CALLS = 3;

	private final PrintStream out = System.out;

	int run(String[] args) throws Exception {
		try (DemoRedis redis = DemoRedis.ensure();
				ConfigurableApplicationContext alpha = start(redis, "alpha", args);
				ConfigurableApplicationContext beta = start(redis, "beta", args)) {
			int alphaPort = port(alpha);
			this.out.printf("%nInstances: alpha on port %d, beta on port %d%n", alphaPort, port(beta));
			this.out.printf("POST http://127.0.0.1:%d/calls %s%n", alphaPort, CALL_BODY);
			boolean crossed = true;
			for (int i = 1; i <= CALLS; i++) {
				long started = System.nanoTime();
				HttpResponse<String> response = call(alphaPort);
				Duration roundTrip = Duration.ofNanos(System.nanoTime() - started);
				this.out.printf("Call %d: HTTP %d after %.1f ms: %s%n", i, response.statusCode(),
						roundTrip.toNanos() / 1e6, response.body());
				crossed &= response.statusCode() == 200 && response.body().contains("\"handledBy\":\"beta\"");
			}
			this.out.println(crossed ? "Every call taken by alpha was answered by beta through Redis."
					: "A call was not answered by the other instance.");
			return crossed ? 0 : 1;
		}
	}

	private static ConfigurableApplicationContext start(DemoRedis redis, String name, String[] args) {
		String[] instanceArgs = Arrays.copyOf(args, args.length + 3);
		instanceArgs[args.length] = "--server.port=0";
		instanceArgs[args.length + 1] = "--sample.instance-name=" + name;
		instanceArgs[args.length + 2] = "--sample.serve-own-calls=false";
		return new SpringApplicationBuilder(SampleApplication.class).run(redis.arguments(instanceArgs));
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	private static HttpResponse<String> call(int port) throws Exception {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/calls"))
			.timeout(Duration.ofSeconds(15))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(CALL_BODY))
			.build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
