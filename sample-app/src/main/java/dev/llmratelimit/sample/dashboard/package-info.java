/**
 * The sample's burst endpoint, which fires many calls at once to show the limiter at work.
 */
package dev.llmratelimit.sample.dashboard;
