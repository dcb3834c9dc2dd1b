package io.vaultfleet.console.readmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vaultfleet.console.identity.ScopeCatalog;
import io.vaultfleet.console.identity.ScopeChoice;
import io.vaultfleet.console.identity.ScopePath;

/**
 * The scopes roles can be granted at, by name, for identity's Settings › Users and access tokens: every subscription,
 * resource group and vault, labelled with the names of the scopes above it. One query per kind over the subscription
 * and vault features' tables (identity places scopes by id and needs their names only to show them).
 */
@Repository
class ScopeChoices implements ScopeCatalog {
    private final JdbcClient jdbc;

    ScopeChoices(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<ScopeChoice> all() {
        List<ScopeChoice> choices = new ArrayList<>();
        jdbc.sql("select id, name from subscription order by name_key").query((rs, n) -> {
            choices.add(new ScopeChoice(ScopePath.subscription(rs.getObject("id", UUID.class)),
                    "Subscription " + rs.getString("name")));
            return null;
        }).list();
        jdbc.sql("""
                select g.id, g.subscription_id, g.name, s.name as subscription_name
                from resource_group g join subscription s on s.id = g.subscription_id
                order by s.name_key, g.name_key""").query((rs, n) -> {
            choices.add(new ScopeChoice(ScopePath.resourceGroup(rs.getObject("subscription_id", UUID.class),
                    rs.getObject("id", UUID.class)), "Resource group " + rs.getString("subscription_name") + " / "
                    + rs.getString("name")));
            return null;
        }).list();
        jdbc.sql("""
                select v.id, v.subscription_id, v.resource_group_id, v.name, s.name as subscription_name,
                       g.name as group_name
                from vault v join subscription s on s.id = v.subscription_id
                join resource_group g on g.id = v.resource_group_id
                order by s.name_key, g.name_key, v.name_key""").query((rs, n) -> {
            choices.add(new ScopeChoice(ScopePath.vault(rs.getObject("subscription_id", UUID.class),
                    rs.getObject("resource_group_id", UUID.class), rs.getObject("id", UUID.class)),
                    "Vault " + rs.getString("subscription_name") + " / " + rs.getString("group_name") + " / "
                            + rs.getString("name")));
            return null;
        }).list();
        return choices;
    }
}
