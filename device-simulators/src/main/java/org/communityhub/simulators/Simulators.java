package org.communityhub.simulators;

import org.communityhub.simulators.scenario.Scenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code java -cp 'target/*:target/lib/*' org.communityhub.simulators.Simulators send …}. */
@Command(name = "simulators", mixinStandardHelpOptions = true,
        description = "Community devices over real MQTT, for demos, load and fault tests.",
        subcommands = {Fleet.class, RunScenario.class, Demo.class, Register.class, Load.class, Send.class, Subscribe.class,
            AlertLatency.class, HttpLoad.class})
public final class Simulators {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command; a scenario file that cannot be used is reported with its line, without a stack trace. */
    public static int run(String... args) {
        return new CommandLine(new Simulators())
                .setExecutionExceptionHandler((e, commandLine, parsed) -> {
                    if (!(e instanceof Scenario.InvalidScenarioException)) {
                        throw e;
                    }
                    commandLine.getErr().println(e.getMessage());
                    return 2;
                })
                .execute(args);
    }
}
