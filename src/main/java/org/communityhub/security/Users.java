package org.communityhub.security;

import io.agroal.api.AgroalDataSource;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The users table, over JDBC: authentication runs on worker threads anyway, since checking a
 * bcrypt hash takes tens of milliseconds of CPU. Passwords are stored only as salted bcrypt hashes.
 */
@ApplicationScoped
public class Users {

    private final AgroalDataSource dataSource;
    private final SecurityConfig config;

    Users(AgroalDataSource dataSource, SecurityConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    public Optional<User> find(String username) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(UserQueries.FIND)) {
            statement.setString(1, username);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(user(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read user " + username, e);
        }
    }

    public List<User> list() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(UserQueries.LIST);
                ResultSet row = statement.executeQuery()) {
            List<User> users = new ArrayList<>();
            while (row.next()) {
                users.add(user(row));
            }
            return users;
        } catch (SQLException e) {
            throw new IllegalStateException("could not list users", e);
        }
    }

    /**
     * Creates the user, or replaces the password, roles and areas of an existing one; a replaced
     * password ends the user's console sessions.
     */
    public void save(String username, String password, Set<Role> roles, List<String> areaCodes) {
        String hash = BcryptUtil.bcryptHash(password, config.bcryptCost());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(UserQueries.UPSERT)) {
            statement.setString(1, username);
            statement.setString(2, hash);
            statement.setArray(3, connection.createArrayOf("text", roles.stream().map(Role::name).toArray()));
            statement.setArray(4, connection.createArrayOf("text", areaCodes.toArray()));
            statement.executeUpdate();
            endSessions(connection, username);
        } catch (SQLException e) {
            throw new IllegalStateException("could not save user " + username, e);
        }
    }

    /** Changes roles and areas; sessions stay, and take the change with their next request. */
    public boolean update(String username, Set<Role> roles, List<String> areaCodes) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(UserQueries.UPDATE)) {
            statement.setArray(1, connection.createArrayOf("text", roles.stream().map(Role::name).toArray()));
            statement.setArray(2, connection.createArrayOf("text", areaCodes.toArray()));
            statement.setString(3, username);
            return statement.executeUpdate() == 1;
        }
    }

    /** Sets a new password and ends every console session of the user. */
    public boolean changePassword(String username, String password) throws SQLException {
        String hash = BcryptUtil.bcryptHash(password, config.bcryptCost());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(UserQueries.SET_PASSWORD)) {
            statement.setString(1, hash);
            statement.setString(2, username);
            boolean found = statement.executeUpdate() == 1;
            endSessions(connection, username);
            return found;
        }
    }

    /** Deletes the user; their sessions go with them. */
    public boolean delete(String username) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(UserQueries.DELETE)) {
            statement.setString(1, username);
            return statement.executeUpdate() == 1;
        }
    }

    /** The area codes of {@code codes} that are not in the registry. */
    public List<String> unknownAreas(List<String> codes) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(UserQueries.UNKNOWN_AREAS)) {
            statement.setArray(1, connection.createArrayOf("text", codes.toArray()));
            try (ResultSet row = statement.executeQuery()) {
                List<String> unknown = new ArrayList<>();
                while (row.next()) {
                    unknown.add(row.getString(1));
                }
                return unknown;
            }
        }
    }

    private static void endSessions(Connection connection, String username) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SessionQueries.END_ALL)) {
            statement.setString(1, username);
            statement.executeUpdate();
        }
    }

    public boolean exists(String username) {
        return find(username).isPresent();
    }

    static User user(ResultSet row) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String role : strings(row.getArray("roles"))) {
            roles.add(Role.valueOf(role));
        }
        return new User(row.getString("username"), row.getString("password_hash"), roles,
                strings(row.getArray("area_codes")));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
