package dev.libcontainerd.internal.client;

import dev.libcontainerd.StdioCallback;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.internal.stdio.FifoIO;
import dev.libcontainerd.internal.stdio.FifoSet;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Preparing a process's stdio before the RPC that creates it: FIFOs, host ends, the callback. */
final class StdioSetup {
    private static final Logger log = LoggerFactory.getLogger(StdioSetup.class);

    private StdioSetup() {}

    /**
     * Creates a process's FIFOs. Existing ones mean the id is in use, unless {@code stale} says
     * they are leftovers (a crash between a delete and the FIFO removal, say): those are
     * removed, so that a dead process's files never block its id for ever.
     */
    static void createFifos(FifoSet fifos, String processId, BooleanSupplier stale) {
        try {
            fifos.create();
        } catch (ConflictException e) {
            if (!stale.getAsBoolean()) {
                throw e;
            }
            log.info("removing stale FIFOs of {}", processId);
            FifoSet.all(fifos.stdout().getParent(), processId).remove();
            fifos.create();
        }
    }

    /**
     * Runs the caller's stdio callback. Whatever it throws, checked or not, comes back as a
     * {@link SystemException} with it as the cause, and the call creates nothing.
     */
    static void attach(StdioCallback cb, FifoIO io) {
        try {
            cb.attach(io);
        } catch (Exception e) {
            throw new SystemException("stdio callback failed: " + e.getMessage(), e);
        }
    }
}
