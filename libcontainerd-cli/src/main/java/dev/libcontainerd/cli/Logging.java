package dev.libcontainerd.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps library and transport logs off the user's terminal unless {@code --debug} asks for them:
 * a command's output is what the user reads, and gRPC warnings are noise there.
 */
final class Logging {
    // java.util.logging holds loggers weakly: keep the configured root alive.
    private static Logger julRoot;

    private Logging() {}

    /** Must run before any logger exists, i.e. first thing in {@code main}. */
    static void configure(boolean debug) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", debug ? "debug" : "error");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        // --debug is for lcd's and the library's logs: the transport's DEBUG lines (buffer
        // leak detectors, HTTP/2 frames) drown them
        System.setProperty("org.slf4j.simpleLogger.log.io.netty", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.grpc", "warn");
        julRoot = Logger.getLogger("");
        julRoot.setLevel(debug ? Level.INFO : Level.OFF);
    }
}
