package io.vaultfleet.console.identity;

import java.util.List;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Loads users for sign-in. A user's authorities are its global role and every role that role includes, so
 * {@code @RolesAllowed("READER")} admits owners too.
 */
@Component
class ConsoleUserDetailsService implements UserDetailsService {
    private final UserRepository users;

    ConsoleUserDetailsService(UserRepository users) {
        this.users = users;
    }

    @Override
    public UserDetails loadUserByUsername(String username) throws UsernameNotFoundException {
        UserRepository.StoredUser stored = users.findByUsername(username)
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
        Role role = stored.user().globalRole();
        List<SimpleGrantedAuthority> authorities = role == null ? List.of()
                : role.withIncluded().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList();
        return User.withUsername(stored.user().username())
                .password(stored.passwordHash())
                .disabled(!stored.user().enabled())
                .authorities(authorities)
                .build();
    }
}
