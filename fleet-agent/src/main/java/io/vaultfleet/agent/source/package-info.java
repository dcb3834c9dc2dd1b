/**
 * What a backup reads: files and folders under roots with include/exclude rules, and the Linux "system
 * configuration" item (/etc, the installed package list, service units). Walks without following links, records
 * special files as such, and reports per-path problems as warnings instead of failing.
 */
package io.vaultfleet.agent.source;
