package dev.llmratelimit.core.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SampleRing}.
 */
class SampleRingTests {

	@Test
	void keepsEverySampleWhileGrowingToItsCapacity() {
		SampleRing ring = new SampleRing(100);
		for (int i = 1; i <= 100; i++) {
			ring.add(i);
		}
		assertThat(ring.size()).isEqualTo(100);
		assertThat(ring.mean()).isEqualTo(50.5);
		assertThat(ring.sorted()).hasSize(100).startsWith(1, 2, 3).endsWith(99, 100);
	}

	@Test
	void keepsOnlyTheMostRecentSamplesOnceFull() {
		SampleRing ring = new SampleRing(10);
		for (int i = 1; i <= 25; i++) {
			ring.add(i);
		}
		assertThat(ring.size()).isEqualTo(10);
		assertThat(ring.sorted()).containsExactly(16, 17, 18, 19, 20, 21, 22, 23, 24, 25);
		assertThat(ring.mean()).isEqualTo(20.5);
	}

}
