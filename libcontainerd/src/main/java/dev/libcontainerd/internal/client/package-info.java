/** Internal, not API. The Client implementation: container and task lifecycle, per-process operations, checkpoints, and the lookups that name what is missing. */
package dev.libcontainerd.internal.client;
