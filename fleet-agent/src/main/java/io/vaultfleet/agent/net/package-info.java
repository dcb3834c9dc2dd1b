/**
 * How the agent reaches the network: the proxy saved at registration ({@link io.vaultfleet.agent.net.ProxySettings}),
 * used by the console connection, the channel and the Azure store alike. It sits below {@code store} and
 * {@code enrollment} so that both can use it without depending on each other.
 */
package io.vaultfleet.agent.net;
