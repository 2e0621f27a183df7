package dev.llmratelimit.autoconfigure;

import com.knuddels.jtokkit.Encodings;
import dev.llmratelimit.usage.RequestInspector;
import dev.llmratelimit.usage.TokenEstimator;
import dev.llmratelimit.usage.UsageExtractor;
import dev.llmratelimit.usage.internal.JtokkitTokenEstimator;
import dev.llmratelimit.usage.internal.LlmUsageExtractor;
import dev.llmratelimit.usage.internal.RequestInspectors;
import dev.llmratelimit.usage.internal.UsageExtractors;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of what reads the requests and results of LLM calls: the composites
 * of every {@link RequestInspector} and {@link UsageExtractor} bean (the libraries'
 * auto-configurations and the application's own), an extractor of {@code LlmUsage}
 * results, and a jtokkit token estimator when jtokkit is on the classpath.
 */
@AutoConfiguration(beforeName = "dev.llmratelimit.autoconfigure.LlmRateLimitAutoConfiguration")
public final class LlmRateLimitUsageAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LlmUsageExtractor llmUsageExtractor() {
		return new LlmUsageExtractor();
	}

	@Bean
	@ConditionalOnMissingBean
	RequestInspectors llmRequestInspectors(ObjectProvider<RequestInspector> inspectors) {
		return new RequestInspectors(inspectors.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	UsageExtractors llmUsageExtractors(ObjectProvider<UsageExtractor> extractors) {
		return new UsageExtractors(extractors.orderedStream().toList());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Encodings.class)
	static class JtokkitConfiguration {

		@Bean
		@ConditionalOnMissingBean(TokenEstimator.class)
		JtokkitTokenEstimator jtokkitTokenEstimator() {
			return new JtokkitTokenEstimator();
		}

	}

}
