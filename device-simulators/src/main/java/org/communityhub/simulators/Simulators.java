package org.communityhub.simulators;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code java -cp 'target/*:target/lib/*' org.communityhub.simulators.Simulators send …}. */
@Command(name = "simulators", mixinStandardHelpOptions = true,
        description = "Community devices over real MQTT, for demos, load and fault tests.",
        subcommands = {Send.class, Load.class, Subscribe.class})
public final class Simulators {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Simulators()).execute(args));
    }
}
