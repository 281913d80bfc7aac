package dev.libcontainerd.cli.net;

import dev.libcontainerd.cli.Context;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.network.Attachment;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The tool's use of {@link dev.libcontainerd.network.Networks}: one network state for the host,
 * attachments keyed by container id. Clean-up of attachments whose containers are gone looks at
 * every namespace, since the state is shared.
 */
public final class NetworkSetup {
    /** Another lcd process may be between its attach and its create: leave young attachments alone. */
    private static final Duration MIN_AGE = Duration.ofMinutes(1);

    private final Context context;

    public NetworkSetup(Context context) {
        this.context = context;
    }

    /** Detaches every attachment whose container no namespace has any more; returns their ids. */
    public List<String> reapDead() {
        if (!Files.isDirectory(context.layout().networkState())) {
            return List.of();
        }
        return context.networks().reap(liveContainers(), MIN_AGE);
    }

    /** The attachment of {@code id}, if it has one. */
    public Optional<Attachment> attachmentOf(String id) {
        if (!Files.isDirectory(
                context.layout().networkState().resolve("attachments").resolve(id))) {
            return Optional.empty();
        }
        try {
            return Optional.of(context.networks().attachment(id));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Detaches {@code id} when it has an attachment; a container without one is fine. */
    public void detachIfAttached(String id) {
        if (!Files.isDirectory(
                context.layout().networkState().resolve("attachments").resolve(id))) {
            return;
        }
        try {
            context.networks().detach(id);
        } catch (NotFoundException e) {
            // detached meanwhile
        }
    }

    private Set<String> liveContainers() {
        Set<String> ids = new HashSet<>();
        for (String namespace : context.containerd().namespaces()) {
            ids.addAll(context.containerd().containerIds(namespace));
        }
        return ids;
    }
}
