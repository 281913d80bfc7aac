/** Internal, not API. Process stdio through FIFOs: mkfifo through JNA, opening without blocking on the shim, the stdin close gate. */
package dev.libcontainerd.internal.stdio;
