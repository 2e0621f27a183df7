package dev.llmratelimit.http;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import dev.llmratelimit.Reservation;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpRequestDecorator;

/**
 * The request of a {@code WebClient} exchange made during a rate-limited call: tells the
 * call's reservation that a request is leaving when its body is written, for the model
 * that body names ({@link ProviderResponseReporter#requestSent(Reservation, DataBuffer)}).
 * The model is read from the part of the body written first, just before it goes out;
 * the body streams on as it would without this request, read no further and never joined.
 * A request without a body is the call's own, reported when it is sent. Each writing
 * reports again (a retried exchange). The model read is kept for the exchange's response
 * ({@link #requestModel()}).
 */
final class SentReportingClientRequest extends ClientHttpRequestDecorator {

	private final ProviderResponseReporter reporter;

	private final Reservation reservation;

	private final AtomicReference<Optional<String>> requestModel;

	/**
	 * Decorates a request.
	 * @param delegate the request
	 * @param reporter tells the reservation
	 * @param reservation the reservation of the call in progress
	 * @param requestModel where to keep the model the body names, for the response
	 */
	SentReportingClientRequest(ClientHttpRequest delegate, ProviderResponseReporter reporter,
			Reservation reservation, AtomicReference<Optional<String>> requestModel) {
		super(delegate);
		this.reporter = reporter;
		this.reservation = reservation;
		this.requestModel = requestModel;
	}

	@Override
	public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
		return super.writeWith(reportingFirst(body));
	}

	@Override
	public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
		return super.writeAndFlushWith(
				Flux.from(body).index((index, parts) -> (index == 0) ? reportingFirst(parts) : parts));
	}

	@Override
	public Mono<Void> setComplete() {
		return Mono.fromRunnable(() -> sent(null)).then(super.setComplete());
	}

	private Publisher<DataBuffer> reportingFirst(Publisher<? extends DataBuffer> parts) {
		if (parts instanceof Mono) {
			// Kept a Mono: a connector may send a Mono body in one piece (Reactor Netty does).
			return Mono.<DataBuffer>from(parts).doOnSuccess(this::sent);
		}
		return Flux.<DataBuffer>from(parts).switchOnFirst((first, all) -> {
			if (first.hasValue()) {
				sent(first.get());
			}
			else if (first.isOnComplete()) {
				sent(null);
			}
			return all;
		});
	}

	private void sent(DataBuffer firstPart) {
		this.requestModel.set(this.reporter.requestSent(this.reservation, firstPart));
	}

}
