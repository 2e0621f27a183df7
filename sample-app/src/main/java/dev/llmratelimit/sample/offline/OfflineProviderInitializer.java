package dev.llmratelimit.sample.offline;

import java.util.Map;

import dev.llmratelimit.test.SimulationClock;
import dev.llmratelimit.test.server.LatencyModel;
import dev.llmratelimit.test.server.SimulatedProviderServer;
import dev.llmratelimit.test.simulator.OutputLengthModel;
import dev.llmratelimit.test.simulator.SimulatedLimits;
import dev.llmratelimit.test.simulator.SimulatedProvider;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Runs the sample offline: unless {@code sample.simulator.enabled} is {@code false} (the
 * {@code anthropic} profile), starts llm-ratelimit-test's simulated Anthropic API with the
 * {@code sample.simulator.*} limits on a free loopback port, points
 * {@code sample.provider.base-url} at it, and stops it with the context. The simulator is
 * registered as the {@code simulatedProviderServer} bean, so tests can read what it
 * admitted and refused. Nothing else in the sample knows it exists.
 */
public class OfflineProviderInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static final Log logger = LogFactory.getLog(OfflineProviderInitializer.class);

	private static final String PREFIX = "sample.simulator";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		SimulatorProperties properties = Binder.get(environment)
			.bind(PREFIX, Bindable.of(SimulatorProperties.class))
			.orElseGet(SimulatorProperties::new);
		if (!properties.isEnabled()) {
			return;
		}
		SimulatedProviderServer server = SimulatedProviderServer.builder(provider(properties))
			.latency(LatencyModel.fixed(properties.getLatency()))
			.clock(SimulationClock.system())
			.start();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("simulatedProvider",
					Map.of("sample.provider.base-url", server.baseUrl().toString())));
		context.getBeanFactory().registerSingleton("simulatedProviderServer", server);
		logger.info("Offline: calling a simulated Anthropic API at " + server.baseUrl()
				+ " (sample.simulator.enabled=false or the 'anthropic' profile calls the real one)");
		context.addApplicationListener((ContextClosedEvent event) -> server.close());
	}

	static SimulatedProvider provider(SimulatorProperties properties) {
		requirePositive(PREFIX + ".chars-per-token", properties.getCharsPerToken());
		requireFraction(PREFIX + ".min-output-fraction", properties.getMinOutputFraction());
		requireFraction(PREFIX + ".max-output-fraction", properties.getMaxOutputFraction());
		if (properties.getMinOutputFraction() > properties.getMaxOutputFraction()) {
			throw new IllegalStateException(PREFIX + ".min-output-fraction must not exceed " + PREFIX
					+ ".max-output-fraction, was " + properties.getMinOutputFraction());
		}
		if (properties.getLatency().isNegative()) {
			throw new IllegalStateException(PREFIX + ".latency must not be negative, was " + properties.getLatency());
		}
		SimulatedProvider.Builder builder = SimulatedProvider.builder()
			.charsPerToken(properties.getCharsPerToken())
			.outputLength(OutputLengthModel.fractionOfMaxTokens(properties.getMinOutputFraction(),
					properties.getMaxOutputFraction()))
			.outputAccounting(properties.getOutputAccounting());
		properties.getModels().forEach((model, limits) -> builder.model(model, limits(model, limits)));
		return builder.build();
	}

	private static SimulatedLimits limits(String model, SimulatorProperties.Limits limits) {
		String prefix = PREFIX + ".models[" + model + "].";
		requireNotNegative(prefix + "requests-per-minute", limits.getRequestsPerMinute());
		requireNotNegative(prefix + "input-tokens-per-minute", limits.getInputTokensPerMinute());
		requireNotNegative(prefix + "output-tokens-per-minute", limits.getOutputTokensPerMinute());
		requireNotNegative(prefix + "tokens-per-minute", limits.getTokensPerMinute());
		return new SimulatedLimits(limits.getRequestsPerMinute(), limits.getInputTokensPerMinute(),
				limits.getOutputTokensPerMinute(), limits.getTokensPerMinute());
	}

	private static void requireNotNegative(String property, long value) {
		if (value < 0) {
			throw new IllegalStateException(property + " must not be negative, was " + value);
		}
	}

	private static void requirePositive(String property, double value) {
		if (!(value > 0) || Double.isInfinite(value)) {
			throw new IllegalStateException(property + " must be positive, was " + value);
		}
	}

	private static void requireFraction(String property, double value) {
		if (!(value >= 0 && value <= 1)) {
			throw new IllegalStateException(property + " must be between 0 and 1, was " + value);
		}
	}

}
