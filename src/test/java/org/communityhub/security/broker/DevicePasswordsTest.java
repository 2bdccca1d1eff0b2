package org.communityhub.security.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DevicePasswordsTest {

    /** Written by {@code mosquitto_passwd -b file dev-1 'secret pass'} (Mosquitto 2.0.11, Debian 12). */
    private static final String FROM_MOSQUITTO_PASSWD =
            "$7$101$AmHrdIg5uycsdS96$DFQYke1FNKSnxCxDtLlr13Grntz8QVzFYidyYxY7hd5o8VfYf7ryjPOYornLB2+In+clRhOdn/gbpYCwabXphw==";

    @Test
    void readsWhatMosquittoPasswdWrites() {
        assertTrue(DevicePasswords.matches("secret pass", FROM_MOSQUITTO_PASSWD));
        assertFalse(DevicePasswords.matches("secret pasS", FROM_MOSQUITTO_PASSWD));
    }

    @Test
    void writesTheSameFormWithItsOwnIterationsAndAFreshSalt() {
        String hash = DevicePasswords.hash("a device password", 1000);
        assertTrue(hash.matches("\\$7\\$1000\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}=="), hash);
        assertTrue(DevicePasswords.matches("a device password", hash));
        assertFalse(DevicePasswords.matches("a device passwore", hash));
        assertNotEquals(hash, DevicePasswords.hash("a device password", 1000), "a fresh salt each time");
    }

    @Test
    void generatedPasswordsAreLongRandomAndNeedNoQuoting() {
        String password = DevicePasswords.generate();
        assertEquals(32, password.length());
        assertTrue(password.matches("[A-Za-z0-9_-]+"), password);
        assertNotEquals(password, DevicePasswords.generate());
    }

    @Test
    void storedValuesOfAnotherFormMatchNothing() {
        assertFalse(DevicePasswords.matches("x", null));
        assertFalse(DevicePasswords.matches(null, FROM_MOSQUITTO_PASSWD));
        assertFalse(DevicePasswords.matches("x", "$6$abc$def"));
        assertFalse(DevicePasswords.matches("x", "$7$notanumber$AAAA$AAAA"));
        assertFalse(DevicePasswords.matches("x", "$7$-5$AAAA$AAAA"));
        assertFalse(DevicePasswords.matches("x", "$7$10$not base64!$AAAA"));
        assertFalse(DevicePasswords.matches("x", "$7$10$AAAA"));
    }
}
