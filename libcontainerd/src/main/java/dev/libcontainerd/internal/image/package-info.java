/**
 * Internal: the machinery behind {@link dev.libcontainerd.image}: the registry client, content
 * writes, unpacking, archives. Not API.
 */
package dev.libcontainerd.internal.image;
