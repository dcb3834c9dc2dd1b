/** Recover Data's cryptography shared by agent, console tests and (in JavaScript) the browser. */
package io.vaultfleet.protocol.recovery;
