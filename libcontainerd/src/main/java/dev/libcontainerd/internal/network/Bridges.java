package dev.libcontainerd.internal.network;

import dev.libcontainerd.errdefs.SystemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Deletes a removed network's bridge. The bridge plugin creates bridges but no plugin deletes
 * them; this is the one place that runs iproute2's {@code ip} (directly, no shell), once per
 * network removal, rather than speaking rtnetlink from Java.
 */
final class Bridges {
    private Bridges() {}

    static void delete(String bridge) {
        if (bridge == null || !Files.exists(Path.of("/sys/class/net", bridge))) {
            return;
        }
        String ip = Files.isExecutable(Path.of("/usr/sbin/ip")) ? "/usr/sbin/ip" : "/sbin/ip";
        try {
            Process p = new ProcessBuilder(ip, "link", "delete", bridge)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new SystemException("cannot delete bridge " + bridge + ": " + out.strip());
            }
        } catch (IOException e) {
            throw new SystemException("cannot delete bridge " + bridge + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SystemException("interrupted deleting bridge " + bridge, e);
        }
    }
}
