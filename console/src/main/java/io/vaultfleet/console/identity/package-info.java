/**
 * Who may use the console and what they may do: users with Argon2-hashed passwords, roles (owner, contributor,
 * operator, reader) held globally or at a scope, login with throttling of failed attempts, the first-start admin,
 * and the audit log every feature writes to.
 */
package io.vaultfleet.console.identity;
