/**
 * SPI for reading LLM calls: {@link dev.llmratelimit.usage.TokenEstimator},
 * {@link dev.llmratelimit.usage.RequestInspector} and {@link dev.llmratelimit.usage.UsageExtractor},
 * with the built-in estimators and the composites that ask every registered bean.
 */
package dev.llmratelimit.usage;
