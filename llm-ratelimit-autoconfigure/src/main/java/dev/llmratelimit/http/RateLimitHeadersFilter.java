package dev.llmratelimit.http;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import dev.llmratelimit.Reservation;
import dev.llmratelimit.guard.ReservationContext;
import dev.llmratelimit.http.internal.SpringResponses;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * {@link ExchangeFilterFunction} for {@code WebClient} that tells the rate-limited call in
 * progress when its request leaves, and reports every response's status and headers to
 * the limiter when they arrive, with the body of error responses.
 * The reservation of the call in progress is taken from the Reactor context (key
 * {@link ReservationContext#CONTEXT_KEY}), which follows the call across threads, or else
 * from the thread that started the exchange. The request is reported sent when its body
 * is written, for the model the body names: its top-level {@code "model"} is read from the
 * part written first (at most the reporter's {@code maxModelScan} bytes of it), which
 * then goes out unchanged, and a streaming body keeps streaming. A request for another
 * model (a tool call, an embedding) is thus not taken for the call's own; a request
 * without a body, or whose first part names no model, is the call's own. A response
 * reaches the model its request named, whatever its body; when the request named none,
 * the model comes from the response body: error bodies and JSON success bodies are read
 * and handed on to the caller unchanged, and the response reaches the model it names (see
 * {@link ProviderResponseReporter}). Streaming response bodies ({@code text/event-stream})
 * are never read for a model.
 */
public final class RateLimitHeadersFilter implements ExchangeFilterFunction {

	private final ProviderResponseReporter reporter;

	/**
	 * Creates the filter.
	 * @param reporter the reporter
	 */
	public RateLimitHeadersFilter(ProviderResponseReporter reporter) {
		this.reporter = reporter;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		Reservation started = ReservationContext.current().orElse(null);
		return Mono.deferContextual((context) -> {
			Reservation reservation = context.<Reservation>getOrEmpty(ReservationContext.CONTEXT_KEY).orElse(started);
			AtomicReference<Optional<String>> requestModel = new AtomicReference<>(Optional.empty());
			return next.exchange(reportingSent(request, reservation, requestModel))
				.flatMap((response) -> report(reservation, requestModel.get(), response));
		});
	}

	private ClientRequest reportingSent(ClientRequest request, Reservation reservation,
			AtomicReference<Optional<String>> requestModel) {
		if (reservation == null) {
			return request;
		}
		BodyInserter<?, ? super ClientHttpRequest> body = request.body();
		return ClientRequest.from(request)
			.body((message, context) -> body
				.insert(new SentReportingClientRequest(message, this.reporter, reservation, requestModel), context))
			.build();
	}

	private Mono<ClientResponse> report(Reservation reservation, Optional<String> requestModel,
			ClientResponse response) {
		int status = response.statusCode().value();
		boolean error = status >= 400;
		boolean readForModel = !error && requestModel.isEmpty()
				&& response.headers().contentType().filter((type) -> type.isCompatibleWith(MediaType.APPLICATION_JSON))
					.isPresent();
		if (!error && !readForModel) {
			this.reporter.report(reservation, requestModel,
					SpringResponses.response(status, response.headers().asHttpHeaders(), null), null);
			return Mono.just(response);
		}
		return response.bodyToMono(String.class).defaultIfEmpty("").map((body) -> {
			this.reporter.report(reservation, requestModel, SpringResponses
				.response(status, response.headers().asHttpHeaders(), error ? body : null), error ? null : body);
			return response.mutate().body(body).build();
		});
	}

}
