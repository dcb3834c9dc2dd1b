/**
 * Recovery points: the catalog agents report after each backup (ids, times, sizes, referenced packs — never keys or
 * content), listed per server and used later by retention and restore.
 */
package io.vaultfleet.console.recovery;
