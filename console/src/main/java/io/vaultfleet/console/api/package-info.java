/**
 * The REST API ({@code /api/v1}) for scripts and the PowerShell module: the same services the views use, so the same
 * rights (AccessControl) and the same audit. Callers authenticate with access tokens (identity's ApiSecurity); errors
 * are RFC 9457 problem details naming the field and carrying the message the console shows.
 */
package io.vaultfleet.console.api;
