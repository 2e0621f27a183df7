package dev.llmratelimit.sample.simulator.web;

import java.time.Clock;
import java.util.Map;

import dev.llmratelimit.sample.simulator.OutputLengthModel;
import dev.llmratelimit.sample.simulator.SimulatedLimits;
import dev.llmratelimit.sample.simulator.SimulatedProvider;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Creates the embedded provider simulator from {@code simulator.*} properties, unless
 * {@code simulator.enabled} is {@code false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "simulator.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SimulatorProperties.class)
public class SimulatorConfiguration {

	/**
	 * The simulated provider, on the system clock.
	 * @param properties the simulator properties
	 * @return the provider
	 */
	@Bean
	public SimulatedProvider simulatedProvider(SimulatorProperties properties) {
		requirePositive("simulator.chars-per-token", properties.getCharsPerToken());
		requireFraction("simulator.min-output-fraction", properties.getMinOutputFraction());
		requireFraction("simulator.max-output-fraction", properties.getMaxOutputFraction());
		if (properties.getMinOutputFraction() > properties.getMaxOutputFraction()) {
			throw new IllegalStateException("simulator.min-output-fraction must not exceed "
					+ "simulator.max-output-fraction, was " + properties.getMinOutputFraction());
		}
		if (properties.getLatency().isNegative()) {
			throw new IllegalStateException("simulator.latency must not be negative, was " + properties.getLatency());
		}
		SimulatedProvider.Builder builder = SimulatedProvider.builder()
			.charsPerToken(properties.getCharsPerToken())
			.outputLength(OutputLengthModel.fractionOfMaxTokens(properties.getMinOutputFraction(),
					properties.getMaxOutputFraction()))
			.outputAccounting(properties.getOutputAccounting())
			.clock(System::nanoTime, Clock.systemUTC());
		for (Map.Entry<String, SimulatorProperties.Limits> entry : properties.getModels().entrySet()) {
			builder.model(entry.getKey(), limits(entry.getKey(), entry.getValue()));
		}
		return builder.build();
	}

	private static SimulatedLimits limits(String model, SimulatorProperties.Limits limits) {
		String prefix = "simulator.models[" + model + "].";
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
