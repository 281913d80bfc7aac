package dev.libcontainerd.testing;

import dev.libcontainerd.Client;
import dev.libcontainerd.Containerd;
import java.nio.file.Path;

/**
 * A "previous process" that only starts containers: run as a separate JVM, it starts each
 * container named after the first three args (with stdin open), prints {@code READY} and the
 * pids, and waits to be SIGKILLed. Args: socket, stateDir, namespace, ids.
 */
public final class StartChild {
    private StartChild() {}

    public static void main(String[] args) throws Exception {
        Containerd containerd = Containerd.connect(Path.of(args[0]));
        Client client = Client.create(containerd, Path.of(args[1]), args[2], (id, type, info) -> {});
        StringBuilder ready = new StringBuilder("READY");
        for (int i = 3; i < args.length; i++) {
            ready.append(' ').append(client.start(args[i], null, true, io -> {}));
        }
        System.out.println(ready);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
