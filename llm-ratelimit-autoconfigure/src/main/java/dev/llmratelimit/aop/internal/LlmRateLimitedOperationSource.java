package dev.llmratelimit.aop.internal;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.llmratelimit.annotation.LlmRateLimited;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.expression.AnnotatedElementKey;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Finds the {@link LlmRateLimited} annotation of a method (or of its class) and resolves its
 * attributes once per method: placeholders in the model, the maximum wait as a duration.
 */
final class LlmRateLimitedOperationSource {

	private static final Pattern PARAMETER_REFERENCE = Pattern.compile("#([A-Za-z_$][\\w$]*)");

	private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

	private final Map<AnnotatedElementKey, LlmRateLimitedOperation> cache = new ConcurrentHashMap<>();

	private final PropertyResolver placeholders;

	LlmRateLimitedOperationSource(PropertyResolver placeholders) {
		this.placeholders = placeholders;
	}

	LlmRateLimitedOperation operation(Method method, Class<?> targetClass) {
		AnnotatedElementKey key = new AnnotatedElementKey(method, targetClass);
		return this.cache.computeIfAbsent(key, (k) -> resolve(k, method, targetClass));
	}

	private LlmRateLimitedOperation resolve(AnnotatedElementKey key, Method method, Class<?> targetClass) {
		Method specific = ClassUtils.getMostSpecificMethod(method, targetClass);
		String description = ClassUtils.getQualifiedMethodName(specific, targetClass) + "(..)";
		LlmRateLimited annotation = find(specific, targetClass);
		if (annotation == null) {
			throw new IllegalStateException("No @LlmRateLimited found on " + description);
		}
		String model = annotation.model().trim();
		boolean expression = model.startsWith("#");
		String literal = (expression || model.isEmpty()) ? null : resolvePlaceholders(model, description);
		if (literal != null && !StringUtils.hasText(literal)) {
			throw new IllegalStateException(
					"@LlmRateLimited on " + description + " has no model: model '" + annotation.model()
							+ "' resolved to a blank id");
		}
		String callSite = ClassUtils.getShortName(targetClass) + "." + specific.getName();
		return new LlmRateLimitedOperation(key, description, callSite, (literal != null) ? literal.trim() : null,
				expression ? model : null, textOrNull(annotation.maxTokens()), textOrNull(annotation.inputTokens()),
				textOrNull(annotation.usage()), maxWait(annotation.maxWait(), description),
				fallbacks(annotation.fallbacks(), description), annotation.priority(), textOrNull(annotation.key()),
				expression ? stringParameter(model, specific) : -1);
	}

	private List<String> fallbacks(String[] values, String description) {
		if (values.length == 0) {
			return null;
		}
		List<String> fallbacks = new ArrayList<>(values.length);
		for (String value : values) {
			String resolved = StringUtils.hasText(value) ? resolvePlaceholders(value.trim(), description) : null;
			if (!StringUtils.hasText(resolved)) {
				throw new IllegalStateException(
						"@LlmRateLimited on " + description + ": fallback '" + value + "' is blank");
			}
			fallbacks.add(resolved.trim());
		}
		return List.copyOf(fallbacks);
	}

	/**
	 * The index of the {@code String} parameter a model expression such as {@code #model}
	 * or {@code #p0} is, or -1 when it is something else.
	 */
	private static int stringParameter(String expression, Method method) {
		Matcher matcher = PARAMETER_REFERENCE.matcher(expression);
		if (!matcher.matches()) {
			return -1;
		}
		String name = matcher.group(1);
		int index = -1;
		if (name.matches("[pa]\\d+")) {
			index = Integer.parseInt(name.substring(1));
		}
		else {
			String[] names = PARAMETER_NAMES.getParameterNames(method);
			for (int i = 0; names != null && i < names.length; i++) {
				if (names[i].equals(name)) {
					index = i;
				}
			}
		}
		boolean string = index >= 0 && index < method.getParameterCount()
				&& method.getParameterTypes()[index] == String.class;
		return string ? index : -1;
	}

	private LlmRateLimited find(Method method, Class<?> targetClass) {
		LlmRateLimited annotation = AnnotatedElementUtils.findMergedAnnotation(method, LlmRateLimited.class);
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(targetClass, LlmRateLimited.class);
		}
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(),
					LlmRateLimited.class);
		}
		return annotation;
	}

	private String resolvePlaceholders(String value, String description) {
		try {
			return this.placeholders.resolveRequiredPlaceholders(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(
					"@LlmRateLimited on " + description + ": cannot resolve model '" + value + "'", ex);
		}
	}

	private Duration maxWait(String value, String description) {
		if (!StringUtils.hasText(value)) {
			return null;
		}
		String resolved = resolvePlaceholders(value.trim(), description);
		try {
			Duration maxWait = DurationStyle.detectAndParse(resolved);
			if (maxWait.isNegative()) {
				throw new IllegalArgumentException("negative");
			}
			return maxWait;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("@LlmRateLimited on " + description + ": maxWait '" + value
					+ "' is not a duration of zero or more such as 5s or 500ms", ex);
		}
	}

	private static String textOrNull(String value) {
		return StringUtils.hasText(value) ? value.trim() : null;
	}

}
