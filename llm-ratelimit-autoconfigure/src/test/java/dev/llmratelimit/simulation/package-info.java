/**
 * The engine against the test kit's simulated provider, on one manual clock.
 */
package dev.llmratelimit.simulation;
