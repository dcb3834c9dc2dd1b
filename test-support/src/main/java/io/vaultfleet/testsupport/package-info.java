/**
 * Test harness shared by the console's and the end-to-end tests: a headless Debian Chromium driven by Selenium
 * (no driver downloads), page objects for the console, and real helper processes (console, agent, PostgreSQL,
 * Azurite) on loopback with random ports, cleaned up afterwards.
 */
package io.vaultfleet.testsupport;
