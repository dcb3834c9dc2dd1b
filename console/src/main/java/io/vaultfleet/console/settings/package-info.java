/** Console settings: general information, and the entry points to users and storage locations. */
package io.vaultfleet.console.settings;
