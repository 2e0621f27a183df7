package dev.llmratelimit.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import dev.llmratelimit.Reservation;
import dev.llmratelimit.guard.ReservationContext;
import dev.llmratelimit.http.internal.SpringResponses;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * {@link ClientHttpRequestInterceptor} for {@code RestClient} and {@code RestTemplate} that
 * tells the rate-limited call in progress when its request leaves, and reports every
 * response's status and headers to the limiter the moment they arrive, with the body of
 * error responses. An error body is read in full and handed on to the caller
 * unchanged; a JSON success body is only peeked at (its first bytes) when the request body
 * names no model. The response reaches the model the request or response names, see
 * {@link ProviderResponseReporter}.
 */
public final class RateLimitHeadersInterceptor implements ClientHttpRequestInterceptor {

	private final ProviderResponseReporter reporter;

	private final int maxModelScan;

	/**
	 * Creates the interceptor.
	 * @param reporter the reporter
	 * @param maxModelScan most bytes of a success body peeked at for its model
	 */
	public RateLimitHeadersInterceptor(ProviderResponseReporter reporter, int maxModelScan) {
		this.reporter = reporter;
		this.maxModelScan = maxModelScan;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		Reservation reservation = ReservationContext.current().orElse(null);
		this.reporter.requestSent(reservation, body);
		ClientHttpResponse response = execution.execute(request, body);
		int status = response.getStatusCode().value();
		if (status >= 400) {
			byte[] errorBody = response.getBody().readAllBytes();
			String text = new String(errorBody, StandardCharsets.UTF_8);
			this.reporter.report(reservation, body, SpringResponses.response(status, response.getHeaders(), text), null);
			return new BufferedResponse(response, new ByteArrayInputStream(errorBody));
		}
		if (isJson(response.getHeaders()) && this.reporter.needsResponseModel(body)) {
			BufferedInputStream peekable = new BufferedInputStream(response.getBody(), this.maxModelScan);
			String head = peek(peekable);
			this.reporter.report(reservation, body, SpringResponses.response(status, response.getHeaders(), null),
					head);
			return new BufferedResponse(response, peekable);
		}
		this.reporter.report(reservation, body, SpringResponses.response(status, response.getHeaders(), null), null);
		return response;
	}

	private String peek(BufferedInputStream body) throws IOException {
		body.mark(this.maxModelScan);
		byte[] head = new byte[this.maxModelScan];
		int length = 0;
		int read;
		while (length < head.length && (read = body.read(head, length, head.length - length)) > 0) {
			length += read;
		}
		body.reset();
		return new String(head, 0, length, StandardCharsets.UTF_8);
	}

	private static boolean isJson(HttpHeaders headers) {
		MediaType type = headers.getContentType();
		return type != null && type.isCompatibleWith(MediaType.APPLICATION_JSON);
	}

	/** A response whose body was (partly) read already and is replayed to the caller. */
	private static final class BufferedResponse implements ClientHttpResponse {

		private final ClientHttpResponse delegate;

		private final InputStream body;

		private BufferedResponse(ClientHttpResponse delegate, InputStream body) {
			this.delegate = delegate;
			this.body = body;
		}

		@Override
		public HttpStatusCode getStatusCode() throws IOException {
			return this.delegate.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return this.delegate.getStatusText();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.delegate.getHeaders();
		}

		@Override
		public InputStream getBody() {
			return this.body;
		}

		@Override
		public void close() {
			this.delegate.close();
		}

	}

}
