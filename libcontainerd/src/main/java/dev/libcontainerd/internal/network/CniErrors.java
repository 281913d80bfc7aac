package dev.libcontainerd.internal.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.errdefs.NotImplementedException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.errdefs.UnavailableException;

/** A plugin's CNI error object ({@code code}, {@code msg}, {@code details}) → an errdefs exception. */
final class CniErrors {
    private CniErrors() {}

    /**
     * The exception for a failed plugin run. {@code error} is the parsed stdout, or null when the
     * plugin printed no JSON (then {@code stderr} is the reason).
     */
    static ContainerdException of(String what, JsonNode error, int exitCode, String stderr) {
        if (error == null || !error.has("code")) {
            String reason = stderr.isBlank() ? "exit status " + exitCode : stderr.strip();
            return new SystemException(what + " failed: " + reason);
        }
        int code = error.path("code").asInt();
        String msg = error.path("msg").asText("");
        String details = error.path("details").asText("");
        String text = what + " failed: " + msg + (details.isEmpty() ? "" : " (" + details + ")") + " [CNI error " + code
                + "]";
        // codes from the CNI spec's "Error" section; 100+ are plugin-specific
        switch (code) {
            case 1:
                return new NotImplementedException(text);
            case 2:
            case 4:
            case 6:
            case 7:
                return new InvalidParameterException(text);
            case 3:
                return new NotFoundException(text);
            case 11:
                return new UnavailableException(text);
            default:
                return new SystemException(text);
        }
    }
}
