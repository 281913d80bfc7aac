package dev.libcontainerd.internal.network;

/** The CNI operations ({@code CNI_COMMAND}). */
enum CniCommand {
    ADD,
    DEL,
    CHECK
}
