package org.communityhub.simulators;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.communityhub.simulators.scenario.Moment;
import org.communityhub.simulators.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A realistic fleet for demos: every device behaves as its class does, until the run's time is up. */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "Run a fleet of devices of all four classes with realistic behaviour (a scenario's timeline is ignored).")
final class Fleet implements Callable<Integer> {

    @Option(names = "--scenario", description = "scenario file for the fleet, behaviour rates and time scale (default: built in)")
    Path scenario;

    @Mixin
    FleetOptions options;

    @Override
    public Integer call() throws Exception {
        Scenario chosen = options.overriding(FleetOptions.read(scenario));
        Duration length = chosen.duration() != null ? Moment.duration(chosen.duration()) : Duration.ofDays(36_500);
        return options.run(chosen, length, false);
    }
}
