package org.communityhub.simulators;

import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.concurrent.Callable;
import org.communityhub.simulators.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** A scripted timeline over a fleet: power and network losses, reconnect storms, reboots, bad messages. */
@Command(name = "scenario", mixinStandardHelpOptions = true,
        description = "Run a scenario file: its fleet behaves as in 'fleet' while its timeline happens.")
final class RunScenario implements Callable<Integer> {

    @Parameters(index = "0", description = "the scenario file (YAML); see docs/simulators.md")
    Path file;

    @Mixin
    FleetOptions options;

    @Override
    public Integer call() throws Exception {
        Scenario scenario = options.overriding(Scenario.read(file));
        return options.run(scenario, scenario.length(ZonedDateTime.now()), true);
    }
}
