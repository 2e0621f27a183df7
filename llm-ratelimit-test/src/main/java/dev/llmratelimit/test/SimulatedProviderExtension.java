package dev.llmratelimit.test;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

import dev.llmratelimit.test.server.LatencyModel;
import dev.llmratelimit.test.server.SimulatedProviderServer;
import dev.llmratelimit.test.simulator.ModelStatistics;
import dev.llmratelimit.test.simulator.OutputAccounting;
import dev.llmratelimit.test.simulator.SimulatedLimits;
import dev.llmratelimit.test.simulator.SimulatedNeighbour;
import dev.llmratelimit.test.simulator.SimulatedProvider;
import dev.llmratelimit.test.simulator.WireFormat;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that serves a simulated Anthropic or OpenAI endpoint with given
 * limits on a free loopback port, and reports what it admitted and refused. Register it
 * with {@code @RegisterExtension}:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static SimulatedProviderExtension anthropic = SimulatedProviderExtension.anthropic()
 *     .model("claude-sonnet-4-5", SimulatedLimits.of(50, 30_000, 8_000))
 *     .build();
 * </pre>
 *
 * Point the client under test at {@link #baseUrl()} (in a Spring test, from a
 * {@code @DynamicPropertySource} method) and read {@link #statistics(String)} at the end.
 * The server starts when first used and stops after the last test of the class (a static
 * field) or after each test (an instance field); before each test the provider starts over
 * with full buckets and zero counts.
 */
public final class SimulatedProviderExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
		AfterAllCallback {

	private final SimulatedProvider.Builder provider;

	private final SimulationClock clock;

	private final LatencyModel latency;

	private SimulatedProviderServer server;

	private boolean perClass;

	private SimulatedProviderExtension(Builder builder) {
		this.provider = builder.provider;
		this.clock = builder.clock;
		this.latency = builder.latency;
	}

	/**
	 * A simulated Anthropic Messages API ({@code POST /v1/messages}).
	 * @return a builder
	 */
	public static Builder anthropic() {
		return new Builder(WireFormat.ANTHROPIC);
	}

	/**
	 * A simulated OpenAI Chat Completions API ({@code POST /v1/chat/completions}).
	 * @return a builder
	 */
	public static Builder openAi() {
		return new Builder(WireFormat.OPENAI);
	}

	/**
	 * Base URL of the endpoint, for the client's {@code base-url} property; starts the
	 * server if needed.
	 * @return a loopback URL such as {@code http://127.0.0.1:53421}
	 */
	public synchronized String baseUrl() {
		return server().baseUrl().toString();
	}

	/**
	 * The provider behind the endpoint; starts the server if needed.
	 * @return the provider
	 */
	public synchronized SimulatedProvider provider() {
		return server().provider();
	}

	/**
	 * What a model admitted and refused since the current test started.
	 * @param model the model id
	 * @return its statistics: admitted, rejected, rejected per meter, tokens served
	 */
	public ModelStatistics statistics(String model) {
		return provider().statistics(model);
	}

	/**
	 * Called only for an extension on a static field: one server for the whole class.
	 * @param context the class's context
	 */
	@Override
	public synchronized void beforeAll(ExtensionContext context) {
		this.perClass = true;
	}

	@Override
	public synchronized void beforeEach(ExtensionContext context) {
		server().provider().reset();
	}

	@Override
	public synchronized void afterEach(ExtensionContext context) {
		if (!this.perClass) {
			stop();
		}
	}

	@Override
	public synchronized void afterAll(ExtensionContext context) {
		stop();
	}

	private SimulatedProviderServer server() {
		if (this.server == null) {
			this.server = SimulatedProviderServer.builder(this.provider.clock(this.clock).build())
				.clock(this.clock)
				.latency(this.latency)
				.start();
		}
		return this.server;
	}

	private void stop() {
		if (this.server != null) {
			this.server.close();
			this.server = null;
		}
	}

	/**
	 * Builds a {@link SimulatedProviderExtension}.
	 */
	public static final class Builder {

		private final SimulatedProvider.Builder provider = SimulatedProvider.builder();

		private SimulationClock clock = SimulationClock.system();

		private LatencyModel latency = LatencyModel.none();

		private Builder(WireFormat wireFormat) {
			this.provider.wireFormat(wireFormat);
		}

		/**
		 * Adds a model with its limits. Models not added are served without limits.
		 * @param model the model id
		 * @param limits its limits per minute
		 * @return this builder
		 */
		public Builder model(String model, SimulatedLimits limits) {
			this.provider.model(model, limits);
			return this;
		}

		/**
		 * Changes a model's limits some time after each test starts.
		 * @param at time after the test starts
		 * @param model the model id
		 * @param limits the limits from then on
		 * @return this builder
		 */
		public Builder limitChange(Duration at, String model, SimulatedLimits limits) {
			this.provider.limitChange(at, model, limits);
			return this;
		}

		/**
		 * Adds another application spending the same key.
		 * @param neighbour the neighbour
		 * @return this builder
		 */
		public Builder neighbour(SimulatedNeighbour neighbour) {
			this.provider.neighbour(neighbour);
			return this;
		}

		/**
		 * Sets how output tokens are charged.
		 * @param outputAccounting the rule, {@code RESERVE_MAX_TOKENS} by default
		 * @return this builder
		 */
		public Builder outputAccounting(OutputAccounting outputAccounting) {
			this.provider.outputAccounting(outputAccounting);
			return this;
		}

		/**
		 * Sets the clock of the buckets, the {@code -reset} headers and the latency.
		 * @param clock the clock, real time by default
		 * @return this builder
		 */
		public Builder clock(SimulationClock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * Sets how long admitted calls take.
		 * @param latency the latency model, none by default
		 * @return this builder
		 */
		public Builder latency(LatencyModel latency) {
			this.latency = Objects.requireNonNull(latency, "latency");
			return this;
		}

		/**
		 * Adjusts anything else of the provider: tokenizer, answer lengths.
		 * @param customizer receives the provider's builder
		 * @return this builder
		 */
		public Builder provider(Consumer<SimulatedProvider.Builder> customizer) {
			customizer.accept(this.provider);
			return this;
		}

		/**
		 * Builds the extension; its server starts when first used.
		 * @return the extension
		 */
		public SimulatedProviderExtension build() {
			return new SimulatedProviderExtension(this);
		}

	}

}
