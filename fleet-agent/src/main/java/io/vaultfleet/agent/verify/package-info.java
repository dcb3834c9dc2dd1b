/**
 * Repository checks: structure (config, keys, every index and snapshot readable, every chunk a snapshot needs
 * indexed, every indexed pack stored) and, with read-data, every pack re-read and every chunk authenticated. Each
 * problem names what is damaged and which recovery points and files it affects.
 */
package io.vaultfleet.agent.verify;
