package dev.libcontainerd.testing;

import dev.libcontainerd.Client;
import dev.libcontainerd.RuntimeOptions;
import dev.libcontainerd.Status;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.oci.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Per test: a client on its own namespace and state dir against the shared test containerd, and
 * cleanup of every container the test made.
 */
public abstract class ClientTestBase {
    private static final AtomicInteger SEQ = new AtomicInteger();

    protected RecordingBackend backend;
    protected Client client;
    protected Path stateDir;
    protected String ns;
    private final List<String> made = new ArrayList<>();

    @BeforeEach
    void openClient(TestInfo info) throws Exception {
        TestDaemon daemon = TestDaemon.get();
        ns = "t" + SEQ.incrementAndGet() + "-" + ProcessHandle.current().pid();
        stateDir = Files.createTempDirectory(daemon.dir(), "state");
        backend = new RecordingBackend();
        client = Client.create(daemon.containerd(), stateDir, ns, backend);
    }

    @AfterEach
    void cleanup() {
        for (String id : made) {
            try {
                Status s = client.status(id);
                if (s == Status.PAUSED) {
                    client.resume(id);
                }
                client.signalProcess(id, Client.INIT_PROCESS_NAME, 9);
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.status(id) == Status.STOPPED);
            } catch (ContainerdException e) {
                // no task
            }
            try {
                client.deleteTask(id);
            } catch (ContainerdException e) {
                // no task
            }
            try {
                client.delete(id);
            } catch (ContainerdException e) {
                // already deleted
            }
        }
        client.close();
        checkNothingLeaked();
    }

    /** The client is closed and its containers deleted: nothing of theirs may stay open or on disk. */
    private void checkNothingLeaked() {
        Awaitility.await("threads of closed client " + ns)
                .atMost(Duration.ofSeconds(10))
                .until(() -> Leaks.threadsOf(ns).isEmpty());
        Assertions.assertThat(Leaks.openUnder(stateDir))
                .as("descriptors of deleted containers still open")
                .isEmpty();
        Assertions.assertThat(Leaks.fifosUnder(stateDir))
                .as("FIFOs of deleted containers still on disk")
                .isEmpty();
    }

    /** A fresh container id. */
    protected String id(String prefix) {
        String id = prefix + "-" + SEQ.incrementAndGet();
        made.add(id);
        return id;
    }

    /** Registers fixed ids for cleanup. */
    protected void track(String... ids) {
        made.addAll(List.of(ids));
    }

    /** Creates a container running {@code args}, with the runtime under test. */
    protected String create(String prefix, boolean terminal, String... args) {
        String id = id(prefix);
        client.create(id, Specs.spec(ns, id, terminal, args), runtime());
        return id;
    }

    /** The options that select the runtime under test ({@link TestRuntime}); null for runc. */
    protected static RuntimeOptions runtime() {
        return TestRuntime.options();
    }

    /** The spec for a container of this test's namespace. */
    protected Spec spec(String id, boolean terminal, String... args) {
        return Specs.spec(ns, id, terminal, args);
    }
}
