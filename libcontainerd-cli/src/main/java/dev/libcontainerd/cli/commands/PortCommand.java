package dev.libcontainerd.cli.commands;

import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.network.PortMapping;
import java.nio.file.Files;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lcd port}: a container's published ports, as docker prints them. */
@Command(name = "port", description = "List a container's published ports: PORT/PROTO -> HOSTIP:HOSTPORT.")
public final class PortCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER")
    String id;

    @Override
    public Integer call() {
        if (!Files.isDirectory(context().layout().networkState())) {
            throw new CliException("container " + id + " has no network attachment");
        }
        try {
            for (PortMapping p : context().networks().attachment(id).ports()) {
                String ip =
                        p.hostIp() == null ? "0.0.0.0" : p.hostIp().contains(":") ? "[" + p.hostIp() + "]" : p.hostIp();
                out().println(p.containerPort() + "/" + p.protocol().value() + " -> " + ip + ":" + p.hostPort());
            }
        } catch (NotFoundException e) {
            throw new CliException(e.getMessage(), e);
        }
        return 0;
    }
}
