package dev.llmratelimit.aop;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.llmratelimit.LlmUsage;

import org.springframework.util.ReflectionUtils;

/**
 * Finds the usage in a method's result when the annotation gives no {@code usage}
 * expression: the result is an {@link LlmUsage}, or has a public no-argument
 * {@code usage()} method returning one. The method is looked up once per result class.
 */
final class ResultUsageExtractor {

	private static final Optional<Method> NONE = Optional.empty();

	private final Map<Class<?>, Optional<Method>> accessors = new ConcurrentHashMap<>();

	Optional<LlmUsage> extract(Object result) {
		if (result == null) {
			return Optional.empty();
		}
		if (result instanceof LlmUsage usage) {
			return Optional.of(usage);
		}
		return this.accessors.computeIfAbsent(result.getClass(), ResultUsageExtractor::usageAccessor)
			.map((accessor) -> (LlmUsage) ReflectionUtils.invokeMethod(accessor, result));
	}

	private static Optional<Method> usageAccessor(Class<?> type) {
		try {
			Method method = type.getMethod("usage");
			if (!LlmUsage.class.isAssignableFrom(method.getReturnType())) {
				return NONE;
			}
			// a public method of a non-public type (a package-private record, say)
			ReflectionUtils.makeAccessible(method);
			return Optional.of(method);
		}
		catch (NoSuchMethodException ex) {
			return NONE;
		}
	}

}
