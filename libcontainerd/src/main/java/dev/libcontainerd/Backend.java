package dev.libcontainerd;

/**
 * Receives the events of the containers in a client's namespace (the seed's {@code Backend}).
 *
 * <p>Calls for one container never overlap and arrive in containerd's publish order; calls for
 * different containers may run concurrently. An event may arrive before the API call that caused
 * it returns (for example {@code START} or even {@code EXIT} before {@link Client#start} returns).
 * A backend that throws is logged and the container's queue goes on; a backend that blocks holds
 * up only that container's later events.
 */
@FunctionalInterface
public interface Backend {
    /**
     * Handles one event.
     *
     * @param containerId the container the event belongs to
     * @param type what happened
     * @param info the event's details
     */
    void processEvent(String containerId, EventType type, EventInfo info);
}
