package dev.llmratelimit.usage.internal;

import java.util.Locale;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.llmratelimit.usage.TokenEstimator;

/**
 * Counts tokens with jtokkit's implementation of OpenAI's encodings: {@code o200k_base} for
 * the GPT-4o, GPT-4.1, GPT-5 and o-series models, {@code cl100k_base} for GPT-4, GPT-3.5 and
 * every other model (a fair approximation for other providers' tokenizers).
 */
public final class JtokkitTokenEstimator implements TokenEstimator {

	private final Encoding o200k;

	private final Encoding cl100k;

	/**
	 * Creates an estimator with jtokkit's default registry.
	 */
	public JtokkitTokenEstimator() {
		this(Encodings.newLazyEncodingRegistry());
	}

	/**
	 * Creates an estimator with the given registry.
	 * @param registry where to get the encodings
	 */
	public JtokkitTokenEstimator(EncodingRegistry registry) {
		this.o200k = registry.getEncoding(EncodingType.O200K_BASE);
		this.cl100k = registry.getEncoding(EncodingType.CL100K_BASE);
	}

	@Override
	public long estimate(String model, CharSequence text) {
		if (text == null || text.length() == 0) {
			return 0;
		}
		return encodingFor(model).countTokensOrdinary(text.toString());
	}

	/**
	 * The encoding used for a model.
	 * @param model the model id, possibly {@code null}
	 * @return the encoding
	 */
	public Encoding encodingFor(String model) {
		return usesO200k(model) ? this.o200k : this.cl100k;
	}

	private static boolean usesO200k(String model) {
		if (model == null) {
			return false;
		}
		String id = model.toLowerCase(Locale.ROOT);
		int slash = id.lastIndexOf('/');
		if (slash >= 0) {
			id = id.substring(slash + 1);
		}
		return id.startsWith("gpt-4o") || id.startsWith("gpt-4.1") || id.startsWith("gpt-4.5")
				|| id.startsWith("gpt-5") || id.startsWith("chatgpt-4o") || id.startsWith("gpt-oss")
				|| isOSeries(id);
	}

	private static boolean isOSeries(String id) {
		return id.length() > 1 && id.charAt(0) == 'o' && Character.isDigit(id.charAt(1));
	}

}
