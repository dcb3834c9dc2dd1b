/**
 * The backup agent: a command-line program and a long-running service. Sub-packages are the pipeline's stages
 * ({@code channel}, {@code enroll}, {@code repo}, {@code store}, ...), each testable alone; {@code cli} holds one
 * class per command.
 */
package io.vaultfleet.agent;
