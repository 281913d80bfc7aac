package dev.libcontainerd.internal.client;

import dev.libcontainerd.Status;

/** containerd's task status enum in the API's terms. */
final class TaskStatus {
    private TaskStatus() {}

    static Status status(containerd.v1.types.Status s) {
        switch (s) {
            case CREATED:
                return Status.CREATED;
            case RUNNING:
                return Status.RUNNING;
            case STOPPED:
                return Status.STOPPED;
            case PAUSED:
                return Status.PAUSED;
            case PAUSING:
                return Status.PAUSING;
            default:
                return Status.UNKNOWN;
        }
    }
}
