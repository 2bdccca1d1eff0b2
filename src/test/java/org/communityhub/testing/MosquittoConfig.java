package org.communityhub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The broker settings the tests and benchmarks use (scripts/mosquitto-test.conf), with a listener. */
final class MosquittoConfig {

    private MosquittoConfig() {
    }

    static String text(int port) {
        try {
            return Files.readString(Path.of("scripts/mosquitto-test.conf")) + "\nlistener " + port + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("scripts/mosquitto-test.conf is missing", e);
        }
    }
}
