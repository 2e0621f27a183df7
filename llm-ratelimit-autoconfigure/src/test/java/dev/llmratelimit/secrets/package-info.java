/**
 * Tests that nothing secret leaks from the starter.
 */
package dev.llmratelimit.secrets;
