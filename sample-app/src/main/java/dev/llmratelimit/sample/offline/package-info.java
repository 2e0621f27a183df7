/**
 * Internal: starts the test kit's provider simulator when the sample runs offline. Not
 * part of what a user copies.
 */
package dev.llmratelimit.sample.offline;
