package dev.llmratelimit.usage.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;

import dev.llmratelimit.LlmUsage;
import dev.llmratelimit.usage.UsageExtractor;

/**
 * Understands results that already speak this library's language: an {@link LlmUsage}
 * itself, or an object with a public {@code usage()} method returning one (a record with
 * a {@code usage} component, for example).
 */
public final class LlmUsageExtractor implements UsageExtractor {

	private static final ClassValue<Optional<Method>> USAGE_ACCESSORS = new ClassValue<>() {

		@Override
		protected Optional<Method> computeValue(Class<?> type) {
			try {
				Method method = type.getMethod("usage");
				boolean usable = LlmUsage.class.isAssignableFrom(method.getReturnType())
						&& !Modifier.isStatic(method.getModifiers()) && method.trySetAccessible();
				return usable ? Optional.of(method) : Optional.empty();
			}
			catch (NoSuchMethodException ex) {
				return Optional.empty();
			}
		}

	};

	@Override
	public Optional<LlmUsage> usageOf(Object result) {
		if (result instanceof LlmUsage usage) {
			return Optional.of(usage);
		}
		if (result == null) {
			return Optional.empty();
		}
		return USAGE_ACCESSORS.get(result.getClass()).map((accessor) -> invoke(accessor, result));
	}

	private static LlmUsage invoke(Method accessor, Object result) {
		try {
			return (LlmUsage) accessor.invoke(result);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Could not read usage() of " + result.getClass().getName(), ex);
		}
	}

}
