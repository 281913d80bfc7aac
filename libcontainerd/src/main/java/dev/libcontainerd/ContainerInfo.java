package dev.libcontainerd;

import dev.libcontainerd.oci.Spec;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A container of the client's namespace as containerd records it, with its task if it has one.
 *
 * @param id the container id
 * @param createdAt when the container was created
 * @param labels containerd's labels of the container
 * @param image the image it was created from, or {@code ""}
 * @param spec its OCI runtime spec
 * @param task its task, or empty when it has none (never started, or the task was deleted)
 */
public record ContainerInfo(
        String id, Instant createdAt, Map<String, String> labels, String image, Spec spec, Optional<TaskInfo> task) {

    public ContainerInfo {
        labels = Map.copyOf(labels);
    }

    /** The task's status, or empty when the container has no task. */
    public Optional<Status> status() {
        return task.map(TaskInfo::status);
    }
}
