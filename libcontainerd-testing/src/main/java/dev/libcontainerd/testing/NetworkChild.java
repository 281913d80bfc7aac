package dev.libcontainerd.testing;

import dev.libcontainerd.Client;
import dev.libcontainerd.Containerd;
import dev.libcontainerd.network.AttachOptions;
import dev.libcontainerd.network.Attachment;
import dev.libcontainerd.network.NetworkOptions;
import dev.libcontainerd.network.Networks;
import java.nio.file.Path;

/**
 * The "previous process" of {@code NetworkCrashTest}: attaches, creates and starts containers
 * (each serving its id on port 80, the first one also published on a free loopback port),
 * prints {@code READY id=ip:port …} and waits to be SIGKILLed. Args: socket, stateDir,
 * namespace, network state dir, bridge, subnet, ids….
 */
public final class NetworkChild {
    private NetworkChild() {}

    public static void main(String[] args) throws Exception {
        Containerd containerd = Containerd.connect(Path.of(args[0]));
        Client client = Client.create(containerd, Path.of(args[1]), args[2], (id, type, info) -> {});
        Networks networks =
                Networks.open(Path.of(args[3]), NetworkOptions.defaults().withDefaultNetwork(args[4], args[5]));
        StringBuilder ready = new StringBuilder("READY");
        for (int i = 6; i < args.length; i++) {
            String id = args[i];
            AttachOptions.Builder o = AttachOptions.builder();
            if (i == 6) {
                o.publish("127.0.0.1::80");
            }
            Attachment a = networks.attach(id, o.build());
            client.create(
                    id,
                    a.applyTo(Specs.spec(args[2], id, false, "nc", "-ll", "-p", "80", "-e", "echo", "alive-" + id)),
                    null);
            client.start(id, null, false, io -> {});
            ready.append(' ')
                    .append(id)
                    .append('=')
                    .append(a.ipv4())
                    .append(':')
                    .append(a.ports().isEmpty() ? 0 : a.ports().get(0).hostPort());
        }
        System.out.println(ready);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
