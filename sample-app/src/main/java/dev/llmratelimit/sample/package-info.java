/**
 * The sample application: a small web app whose chat service is kept inside its model's
 * rate limits by the starter.
 */
package dev.llmratelimit.sample;
