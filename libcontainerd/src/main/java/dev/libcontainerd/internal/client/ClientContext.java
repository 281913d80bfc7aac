package dev.libcontainerd.internal.client;

import dev.libcontainerd.Client;
import dev.libcontainerd.internal.grpc.Rpc;
import dev.libcontainerd.internal.stdio.OutputPump;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the parts of one client share: the RPC path bound to its namespace, the lookups, the
 * container records, its state dir and its few threads.
 *
 * @param rpc control calls to containerd, namespace and deadline bound
 * @param lookup containerd's records, and precise not-found errors
 * @param records what this client knows per container
 * @param stateDir where the FIFOs live ({@code stateDir/<id>})
 * @param namespace the containerd namespace
 * @param workers runs backend callbacks (bounded)
 * @param cleanupWorkers runs the clean-ups after exits (exec deletes: blocking calls), apart from
 *     the callbacks so that a burst of them never queues an EXIT behind them (bounded)
 * @param timer waits: reconnection backoff, stdin hand-over, delayed checks
 * @param pump reads the output of processes whose stdio is a sink
 */
record ClientContext(
        Rpc rpc,
        Lookup lookup,
        Records records,
        Path stateDir,
        String namespace,
        ExecutorService workers,
        ExecutorService cleanupWorkers,
        ScheduledExecutorService timer,
        OutputPump pump) {

    /** {@code stateDir/<id>}; the id was validated, so this stays inside stateDir. */
    Path bundleDir(String containerId) {
        return stateDir.resolve(containerId);
    }

    /** containerd's exec id of a process: empty for the init process. */
    static String execId(String processId) {
        return Client.INIT_PROCESS_NAME.equals(processId) ? "" : processId;
    }
}
