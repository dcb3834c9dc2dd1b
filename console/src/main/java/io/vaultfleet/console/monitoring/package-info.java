/** What an admin watching many servers sees first: the dashboard and the alerts. */
package io.vaultfleet.console.monitoring;
