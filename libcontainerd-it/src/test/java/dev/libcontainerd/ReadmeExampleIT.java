package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libcontainerd.oci.ProcessSpec;
import dev.libcontainerd.oci.Spec;
import dev.libcontainerd.testing.Rootfs;
import dev.libcontainerd.testing.TestDaemon;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's Java example, run as written (but against the test daemon and rootfs). */
class ReadmeExampleIT {

    @Test
    void theReadmeExampleRuns() throws Exception {
        Path socket = TestDaemon.get().socket();
        String rootfs = Rootfs.busybox().toString();
        Path stateDir = Files.createTempDirectory(TestDaemon.get().dir(), "readme");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true);
        CountDownLatch exited = new CountDownLatch(1);

        // ---- README example starts here ----
        try (Containerd containerd = Containerd.connect(socket);
                Client client = Client.create(containerd, stateDir, "example", (id, type, info) -> {
                    out.println(id + " " + type.value() + " " + info.processId() + " " + info.exitCode());
                    if (type == EventType.EXIT && id.equals(info.processId())) {
                        exited.countDown();
                    }
                })) {
            Spec spec = Spec.linuxDefaults("example", "hello")
                    .rootPath(rootfs)
                    .rootReadonly(true)
                    .args("sh", "-c", "echo hello from a container; sleep 1")
                    .build();
            client.create("hello", spec, null);
            client.start("hello", null, false, io -> pipe(io.stdout(), out));
            client.exec(
                    "hello",
                    "ls",
                    ProcessSpec.builderFrom(spec).args("ls", "/").build(),
                    false,
                    io -> pipe(io.stdout(), OutputStream.nullOutputStream()));
            exited.await(10, TimeUnit.SECONDS);
            ExitStatus status = client.deleteTask("hello");
            client.delete("hello");
            out.println("exit code " + status.exitCode());
        }
        // ---- README example ends here ----

        String text = captured.toString();
        assertThat(text).contains("hello from a container", "hello exit ls 0", "hello exit hello 0", "exit code 0");
    }

    private static void pipe(InputStream in, OutputStream to) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(to);
            } catch (IOException e) {
                // the process is gone
            }
        });
        t.setDaemon(true);
        t.start();
    }
}
