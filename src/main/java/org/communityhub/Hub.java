package org.communityhub;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.communityhub.alerts.Alerting;
import org.communityhub.commands.BroadcastJobs;
import org.communityhub.commands.CommandDispatch;
import org.communityhub.connectivity.Connectivity;
import org.communityhub.embedded.DemoData;
import org.communityhub.embedded.EmbeddedBroker;
import org.communityhub.embedded.EmbeddedConfig;
import org.communityhub.embedded.EmbeddedDatabase;
import org.communityhub.ingest.MqttIngest;
import org.communityhub.ingest.Pipeline;
import org.communityhub.notify.TrailListener;
import org.communityhub.notify.WebhookDelivery;
import org.communityhub.reports.InService;
import org.communityhub.reports.UptimeDays;
import org.communityhub.retention.Retention;
import org.communityhub.security.AdminBootstrap;
import org.communityhub.security.broker.MosquittoFiles;
import org.communityhub.telemetry.Schema;
import org.jboss.logging.Logger;

/**
 * The start-up sequence in one place: embedded services where no URL is configured, the schema,
 * the admin user, the demo data, then the MQTT session. Shutdown runs it backwards.
 *
 * <p>The database, the schema and the broker come first, before Quarkus's own start-up observers
 * (SmallRye Reactive Messaging connects the alerts channel at {@code LIBRARY_BEFORE}), and the
 * embedded ones stop last: otherwise the first start of the embedded mode logged the channel's
 * "Can't connect" five times while the embedded broker was not up yet, and its shutdown more.
 */
@ApplicationScoped
public class Hub {

    private static final Logger LOG = Logger.getLogger(Hub.class);

    private final EmbeddedConfig config;
    private final EmbeddedDatabase embeddedDatabase;
    private final EmbeddedBroker embeddedBroker;
    private final Schema schema;
    private final AdminBootstrap adminBootstrap;
    private final DemoData demoData;
    private final Connectivity connectivity;
    private final Alerting alerting;
    private final WebhookDelivery webhooks;
    private final MqttIngest ingest;
    private final Pipeline pipeline;
    private final InService inService;
    private final UptimeDays uptimeDays;
    private final MosquittoFiles mosquittoFiles;
    private final CommandDispatch commands;
    private final BroadcastJobs broadcastJobs;
    private final Retention retention;
    private final TrailListener trailListener;

    Hub(EmbeddedConfig config, EmbeddedDatabase embeddedDatabase, EmbeddedBroker embeddedBroker, Schema schema,
            AdminBootstrap adminBootstrap, DemoData demoData, Connectivity connectivity, Alerting alerting,
            WebhookDelivery webhooks, MqttIngest ingest, Pipeline pipeline, InService inService, UptimeDays uptimeDays,
            MosquittoFiles mosquittoFiles, CommandDispatch commands, BroadcastJobs broadcastJobs, Retention retention,
            TrailListener trailListener) {
        this.trailListener = trailListener;
        this.broadcastJobs = broadcastJobs;
        this.retention = retention;
        this.mosquittoFiles = mosquittoFiles;
        this.commands = commands;
        this.inService = inService;
        this.uptimeDays = uptimeDays;
        this.alerting = alerting;
        this.webhooks = webhooks;
        this.config = config;
        this.embeddedDatabase = embeddedDatabase;
        this.embeddedBroker = embeddedBroker;
        this.schema = schema;
        this.adminBootstrap = adminBootstrap;
        this.demoData = demoData;
        this.connectivity = connectivity;
        this.ingest = ingest;
        this.pipeline = pipeline;
    }

    private String brokerUrl;

    void startServices(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (config.embeddedDatabase()) {
            embeddedDatabase.start();
        } else {
            LOG.infof("database: EXTERNAL at %s", config.dbUrl().orElseThrow());
        }
        schema.migrate();
        try {
            mosquittoFiles.write();
        } catch (java.sql.SQLException | java.io.IOException e) {
            throw new IllegalStateException("could not write Mosquitto's password and ACL files", e);
        }
        if (config.embeddedBroker()) {
            embeddedBroker.start();
            brokerUrl = embeddedBroker.url();
        } else {
            brokerUrl = config.mqttUrl().orElseThrow();
            LOG.infof("broker: EXTERNAL at %s", brokerUrl);
        }
    }

    void start(@Observes StartupEvent event) {
        adminBootstrap.ensureAdmin(config.embeddedDatabase());
        if (config.embeddedDatabase() && config.demoData()) {
            demoData.loadIntoEmptyDatabase();
        }
        try {
            uptimeDays.start();
            inService.start();
            alerting.start(); // first: it must see the connectivity changes that connectivity's start writes
            connectivity.start(ingest.sharedAs());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not load the registry, connectivity and alert state", e);
        }
        webhooks.start();
        trailListener.start();
        pipeline.start(ingest);
        ingest.start(brokerUrl);
        commands.start(brokerUrl);
        broadcastJobs.start();
        retention.start();
    }

    void stop(@Observes ShutdownEvent event) {
        retention.stop();
        broadcastJobs.stop();
        commands.stop();
        ingest.stop();
        pipeline.stop();
        connectivity.stop();
        uptimeDays.stop();
        alerting.stop();
        webhooks.stop();
        trailListener.stop();
    }

    void stopServices(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 1000) ShutdownEvent event) {
        if (config.embeddedBroker()) {
            // the alerts channel's client would otherwise try to reconnect to the stopped broker every
            // second until CDI is torn down, logging "Can't connect [Error Occurred After Shutdown]"
            io.smallrye.reactive.messaging.mqtt.Clients.clear();
        }
        embeddedBroker.stop();
        embeddedDatabase.stop();
    }
}
