/**
 * Internal: the machinery behind the public API (gRPC transport, stdio FIFOs, the event stream
 * and queue, the client implementation). Not API: anything here may change without notice;
 * do not call it from outside this library.
 */
package dev.libcontainerd.internal;
