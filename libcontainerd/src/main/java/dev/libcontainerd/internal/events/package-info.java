/** Internal, not API. The event subscription with reconnect, the mapping of containerd events, the per-container ordered queue and exactly-once exits. */
package dev.libcontainerd.internal.events;
