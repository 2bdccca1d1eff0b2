package org.communityhub.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import org.communityhub.connectivity.Connectivity;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the hub holds its broker session and can commit what it receives. */
@Readiness
@ApplicationScoped
public class MqttReadiness implements HealthCheck {

    private final MqttIngest ingest;
    private final Connectivity connectivity;

    MqttReadiness(MqttIngest ingest, Connectivity connectivity) {
        this.ingest = ingest;
        this.connectivity = connectivity;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("mqtt-ingest")
                .status(ingest.connected() && connectivity.databaseReachable())
                .withData("brokerConnected", ingest.connected())
                .withData("databaseReachable", connectivity.databaseReachable())
                .build();
    }
}
