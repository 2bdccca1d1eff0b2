package org.communityhub.simulators.fleet;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The devices' MQTT passwords as a CSV file ({@code id,password}, with that header): what {@code
 * register --credentials} writes from the passwords the hub issued, and what {@code fleet} and
 * {@code scenario} read to sign each device in to a broker that enforces them (the embedded one
 * always does). Written readable by its owner only.
 */
public final class Credentials {

    private static final String[] HEADER = {"id", "password"};

    private Credentials() {
    }

    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> passwords = new LinkedHashMap<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader(HEADER).setSkipHeaderRecord(true).get().parse(reader)) {
                passwords.put(row.get("id"), row.get("password"));
            }
        }
        return passwords;
    }

    public static void write(Path file, Map<String, String> passwords) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        try (Writer writer = Files.newBufferedWriter(file);
                CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(HEADER).get())) {
            for (Map.Entry<String, String> entry : passwords.entrySet()) {
                printer.printRecord(entry.getKey(), entry.getValue());
            }
        }
    }
}
