/**
 * Runs and watches a private containerd daemon, as Docker's {@code libcontainerd/supervisor}
 * does for dockerd.
 *
 * <p>{@link dev.libcontainerd.supervisor.Supervisor#start Supervisor.start} writes containerd's
 * configuration, launches (or adopts) the daemon and returns once it answers health checks; a
 * single monitor thread then restarts the daemon when it dies or stops answering. Closing the
 * supervisor stops the daemon but leaves the containers' shims, and so the containers, running.
 */
package dev.libcontainerd.supervisor;
