package dev.alk.pubsub.sample;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.alk.pubsub.redis.RedisEventTarget;
import dev.alk.pubsub.test.LocalRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Integration tests that run two instances of the sample service on one real Redis.
 */
class SampleApplicationIntegrationTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static LocalRedis redis;

	private static ConfigurableApplicationContext alpha;

	private static ConfigurableApplicationContext beta;

	@BeforeAll
	static void startInstances() {
		redis = LocalRedis.start();
		alpha = start("alpha", "--sample.call-timeout=1s");
		beta = start("beta");
	}

	@AfterAll
	static void stopInstances() {
		beta.close();
		alpha.close();
		redis.close();
	}

	@Test
	void callTakenByOneInstanceIsAnsweredByTheOther() throws Exception {
		HttpResponse<String> response = post(alpha, "{\"text\":\"abc\",\"count\":2}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"type\":\"call.responded\"")
			.contains("\"caller\":\"alpha\"")
			.contains("\"handledBy\":\"beta\"")
			.contains("\"text\":\"cba\"")
			.contains("\"count\":4.0");
	}

	@Test
	void callThatNobodyAnswersTimesOutWithoutLeavingItsListener() throws Exception {
		try (ConfigurableApplicationContext alone = start("alone", "--sample.call-timeout=300ms",
				"--alk.pubsub.redis.prefix=alone:")) {
			RedisEventTarget target = alone.getBean(RedisEventTarget.class);
			int listenersBefore = target.statistics().listeners();
			HttpResponse<String> response = post(alone, "{\"text\":\"anyone?\"}");
			assertThat(response.statusCode()).isEqualTo(504);
			assertThat(response.body()).contains("No reply within PT0.3S");
			assertThat(target.statistics().listeners()).isEqualTo(listenersBefore);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> redis.command("PUBSUB", "CHANNELS", "alone:call.responded:*").equals("[]"));
		}
	}

	@Test
	void streamsTheEventsOfATopicAndRemovesTheListenerWhenTheClientLeaves() throws Exception {
		RedisEventTarget target = alpha.getBean(RedisEventTarget.class);
		int listenersBefore = target.statistics().listeners();
		HttpRequest request = HttpRequest.newBuilder(uri(alpha, "/events/news.published")).GET().build();
		HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
		BlockingQueue<String> lines = new LinkedBlockingQueue<>();
		CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> readLines(response.body(), lines));
		assertThat(poll(lines, "event:")).isEqualTo("event:ready");
		beta.getBean(RedisEventTarget.class).publish("news.published", null, "extra extra").get(5, TimeUnit.SECONDS);
		assertThat(poll(lines, "event:")).isEqualTo("event:news.published");
		assertThat(poll(lines, "data:")).contains("\"payload\":\"extra extra\"");
		response.body().close();
		reading.cancel(true);
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			beta.getBean(RedisEventTarget.class).publish("news.published", null, "anyone?").get(5, TimeUnit.SECONDS);
			return target.statistics().listeners() == listenersBefore;
		});
	}

	@Test
	void streamsATopicAsAFluxAndRemovesTheListenerWhenTheClientLeaves() throws Exception {
		RedisEventTarget target = alpha.getBean(RedisEventTarget.class);
		int listenersBefore = target.statistics().listeners();
		HttpRequest request = HttpRequest.newBuilder(uri(alpha, "/flux/weather.changed")).GET().build();
		CompletableFuture<HttpResponse<InputStream>> sent = http.sendAsync(request,
				HttpResponse.BodyHandlers.ofInputStream());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> redis.command("PUBSUB", "NUMSUB", "alk:sample:weather.changed").endsWith("1]"));
		beta.getBean(RedisEventTarget.class).publish("weather.changed", null, "sunny").get(5, TimeUnit.SECONDS);
		HttpResponse<InputStream> response = sent.get(10, TimeUnit.SECONDS);
		BlockingQueue<String> lines = new LinkedBlockingQueue<>();
		CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> readLines(response.body(), lines));
		assertThat(poll(lines, "data:")).contains("\"payload\":\"sunny\"");
		response.body().close();
		reading.cancel(true);
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			beta.getBean(RedisEventTarget.class).publish("weather.changed", null, "anyone?").get(5, TimeUnit.SECONDS);
			return target.statistics().listeners() == listenersBefore;
		});
	}

	private static ConfigurableApplicationContext start(String name, String... args) {
		String[] all = new String[args.length + 5];
		System.arraycopy(args, 0, all, 0, args.length);
		all[args.length] = "--server.port=0";
		all[args.length + 1] = "--sample.instance-name=" + name;
		all[args.length + 2] = "--sample.serve-own-calls=false";
		all[args.length + 3] = "--spring.data.redis.host=127.0.0.1";
		all[args.length + 4] = "--spring.data.redis.port=" + redis.port();
		return new SpringApplicationBuilder(SampleApplication.class).run(all);
	}

	private static HttpResponse<String> post(ConfigurableApplicationContext context, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri(context, "/calls"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(ConfigurableApplicationContext context, String path) {
		return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path);
	}

	private static void readLines(InputStream body, BlockingQueue<String> lines) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
			reader.lines().forEach(lines::add);
		}
		catch (Exception ex) {
			lines.add("closed: " + ex.getMessage());
		}
	}

	private static String poll(BlockingQueue<String> lines, String prefix) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			String line = lines.poll(100, TimeUnit.MILLISECONDS);
			if (line != null && line.startsWith(prefix)) {
				return line;
			}
		}
		throw new AssertionError("No line starting with '" + prefix + "' within 10 seconds");
	}

}
