/** Page objects for the console: tests speak of pages and actions, so a layout change touches one place. */
package io.vaultfleet.testsupport.pages;
