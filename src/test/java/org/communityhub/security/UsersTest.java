package org.communityhub.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.communityhub.testing.HubServices;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(HubServices.class)
class UsersTest {

    @Inject
    Users users;

    @Test
    void theStoredHashIsBcryptSaltedAndNeverThePassword() {
        String a = "a-" + UUID.randomUUID().toString().substring(0, 8);
        String b = "b-" + UUID.randomUUID().toString().substring(0, 8);
        users.save(a, "same password here", EnumSet.of(Role.OFFICIAL), List.of());
        users.save(b, "same password here", EnumSet.of(Role.OFFICIAL), List.of());

        String hashA = users.find(a).orElseThrow().passwordHash();
        String hashB = users.find(b).orElseThrow().passwordHash();
        assertTrue(hashA.startsWith("$2a$") || hashA.startsWith("$2b$") || hashA.startsWith("$2y$"), hashA);
        assertFalse(hashA.contains("same password here"));
        assertNotEquals(hashA, hashB, "the same password must hash differently for two users (salt)");
        assertEquals(EnumSet.of(Role.OFFICIAL), users.find(a).orElseThrow().roles());
    }
}
