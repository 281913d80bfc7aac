package dev.libcontainerd.testing;

import dev.libcontainerd.Client;
import dev.libcontainerd.Containerd;
import java.nio.file.Path;

/**
 * The "previous process" of {@code RestoreTest}: started as a separate JVM, it starts the
 * containers the test created, pauses one, starts a slow exec, prints READY and waits to be
 * SIGKILLed. Args: socket, stateDir, namespace.
 */
public final class RestoreChild {
    private RestoreChild() {}

    public static void main(String[] args) throws Exception {
        Containerd containerd = Containerd.connect(Path.of(args[0]));
        Client client = Client.create(containerd, Path.of(args[1]), args[2], (id, type, info) -> {});
        int runPid = client.start("run1", null, true, io -> {});
        client.start("paused1", null, false, io -> {});
        client.pause("paused1");
        client.start("dead1", null, false, io -> {});
        client.exec("run1", "slow", Specs.process(false, "sh", "-c", "sleep 4; exit 6"), false, io -> {});
        System.out.println("READY " + runPid);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
