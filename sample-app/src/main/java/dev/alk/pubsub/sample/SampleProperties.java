package dev.alk.pubsub.sample;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the sample service.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("sample")
public class SampleProperties {

	/**
	 * Name of this instance, shown in the replies it computes.
	 */
	private String instanceName = "instance";

	/**
	 * Time that a call waits for its reply before answering 504.
	 */
	private Duration callTimeout = Duration.ofSeconds(5);

	/**
	 * Whether this instance's worker also answers the calls made through this instance.
	 */
	private boolean serveOwnCalls = true;

	public String getInstanceName() {
		return this.instanceName;
	}

	public void setInstanceName(String instanceName) {
		this.instanceName = instanceName;
	}

	public Duration getCallTimeout() {
		return this.callTimeout;
	}

	public void setCallTimeout(Duration callTimeout) {
		this.callTimeout = callTimeout;
	}

	public boolean isServeOwnCalls() {
		return this.serveOwnCalls;
	}

	public void setServeOwnCalls(boolean serveOwnCalls) {
		this.serveOwnCalls = serveOwnCalls;
	}

}
