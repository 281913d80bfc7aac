/**
 * Internal: the machinery behind {@link dev.libcontainerd.network.Networks} (the CNI exec
 * protocol, network namespace files, configuration lists, attachment records). Not API.
 */
package dev.libcontainerd.internal.network;
