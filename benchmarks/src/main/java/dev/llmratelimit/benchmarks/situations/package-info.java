/**
 * The "provider's truth" situations (limit changes, a neighbour on the key, a second model
 * called unguarded), run deterministically on a manual clock against the test kit's
 * simulated provider.
 */
package dev.llmratelimit.benchmarks.situations;
