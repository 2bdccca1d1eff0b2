package org.communityhub.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the hub holds its broker session and can commit what it receives. */
@Readiness
@ApplicationScoped
public class MqttReadiness implements HealthCheck {

    private final MqttIngest ingest;
    private final Pipeline pipeline;

    MqttReadiness(MqttIngest ingest, Pipeline pipeline) {
        this.ingest = ingest;
        this.pipeline = pipeline;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("mqtt-ingest")
                .status(ingest.connected() && pipeline.databaseReachable())
                .withData("brokerConnected", ingest.connected())
                .withData("databaseReachable", pipeline.databaseReachable())
                .build();
    }
}
