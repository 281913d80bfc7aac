package dev.libcontainerd.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.net.NetworkSetup;
import dev.libcontainerd.network.Attachment;
import dev.libcontainerd.network.Network;
import dev.libcontainerd.network.Networks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code lcd network}: list, create, inspect and remove networks. */
@Command(
        name = "network",
        description = "Manage networks: network ls|create|inspect|rm.",
        subcommands = {
            NetworkCommand.Ls.class,
            NetworkCommand.Create.class,
            NetworkCommand.Inspect.class,
            NetworkCommand.Rm.class
        })
public final class NetworkCommand extends BaseCommand {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "a network command is needed: ls, create, inspect or rm");
    }

    /** A subcommand of {@code network}. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        NetworkCommand parent;

        @Option(names = "--help", usageHelp = true, description = "Show this help.")
        boolean help;

        Context context() {
            return parent.context();
        }

        Networks networks() {
            new NetworkSetup(context()).reapDead();
            return context().networks();
        }
    }

    /** {@code lcd network ls}. */
    @Command(name = "ls", aliases = "list", description = "List networks.")
    static final class Ls extends Sub {
        @Override
        public Integer call() {
            List<String[]> rows = new ArrayList<>();
            for (Network n : networks().list()) {
                rows.add(new String[] {
                    n.name(),
                    n.kind().name().toLowerCase(Locale.ROOT),
                    dash(n.bridge()),
                    dash(n.subnet()),
                    dash(n.gateway())
                });
            }
            Table.print(out(), new String[] {"NAME", "KIND", "BRIDGE", "SUBNET", "GATEWAY"}, rows);
            return 0;
        }
    }

    /** {@code lcd network create}. */
    @Command(name = "create", description = "Create a bridge network.")
    static final class Create extends Sub {
        @Option(
                names = "--subnet",
                required = true,
                paramLabel = "CIDR",
                description = "IPv4 subnet, e.g. 10.210.0.0/24.")
        String subnet;

        @Option(
                names = "--bridge",
                paramLabel = "DEV",
                description = "Bridge device (default: lcd- and a hash of the name).")
        String bridge;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            out().println(networks().create(name, subnet, bridge).name());
            return 0;
        }
    }

    /** {@code lcd network inspect}. */
    @Command(name = "inspect", description = "Show a network and the containers attached to it, as JSON.")
    static final class Inspect extends Sub {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            Networks networks = networks();
            Network n = networks.inspect(name);
            var json = new ObjectMapper().createObjectNode();
            json.put("name", n.name()).put("kind", n.kind().name().toLowerCase(Locale.ROOT));
            json.put("bridge", n.bridge()).put("subnet", n.subnet()).put("gateway", n.gateway());
            var containers = json.putArray("containers");
            for (Attachment a : networks.attachments()) {
                if (a.network().equals(name)) {
                    var c = containers.addObject().put("id", a.containerId()).put("ipv4", a.ipv4());
                    var ports = c.putArray("ports");
                    a.ports().forEach(p -> ports.add(p.toString()));
                }
            }
            out().println(json.toPrettyString());
            return 0;
        }
    }

    /** {@code lcd network rm}. */
    @Command(name = "rm", aliases = "remove", description = "Remove networks that no container uses.")
    static final class Rm extends Sub {
        @Parameters(arity = "1..*", paramLabel = "NAME")
        List<String> names;

        @Override
        public Integer call() {
            Networks networks = networks();
            for (String n : names) {
                networks.remove(n);
                out().println(n);
            }
            return 0;
        }
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
