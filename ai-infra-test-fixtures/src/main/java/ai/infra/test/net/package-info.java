/**
 * Endpoints that fail the way real networks do, for tests of what an application does
 * when a backend cannot be reached.
 */
package ai.infra.test.net;
