package org.communityhub.simulators;

import org.communityhub.simulators.fleet.HubApi;
import picocli.CommandLine.Option;

/** The hub's API as the simulators reach it (register, and the broadcast steps of a scenario). */
final class HubOptions {

    @Option(names = "--hub", defaultValue = "http://127.0.0.1:8080", description = "the hub's base URL (default ${DEFAULT-VALUE})")
    String hub;

    @Option(names = "--user", defaultValue = "admin", description = "API user (default ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--password", defaultValue = "${env:HUB_ADMIN_PASSWORD}",
            description = "API password (default: $HUB_ADMIN_PASSWORD)")
    String password;

    boolean hasPassword() {
        return password != null && !password.isBlank();
    }

    /** The API under {@code /api/v1/}. */
    HubApi api() {
        return new HubApi(hub + "/api/v1/", user, password);
    }
}
