package org.communityhub.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "hub.notify")
public interface NotifyConfig {

    /** How long a webhook receiver may take to answer before the attempt counts as failed. */
    @WithDefault("10s")
    Duration webhookTimeout();

    /** The wait before the first retry of a failed delivery; it doubles with each attempt. */
    @WithDefault("5s")
    Duration webhookRetryInitial();

    /** The longest wait between two attempts. */
    @WithDefault("15m")
    Duration webhookRetryMax();

    /** After this many failed attempts a delivery is given up (FAILED, with the last error). */
    @WithDefault("16")
    int webhookMaxAttempts();

    /** How often due deliveries are looked for (each alert change also triggers a look at once). */
    @WithDefault("1s")
    Duration webhookPollInterval();
}
