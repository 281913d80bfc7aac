package dev.libcontainerd.internal.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import containerd.runc.v1.CheckpointOptions;
import containerd.runc.v1.Options;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.internal.grpc.TypeUrls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checkpoint and restore with the runc v2 shim, without containerd's content store: the shim
 * dumps straight into the caller's directory ({@code CheckpointOptions.image_path}) and restores
 * straight from it ({@code Options.criu_image_path}), so no temporary blob or image is ever
 * created in containerd that could be left behind. CRIU's work files (logs) go to a scratch dir
 * of ours, so a failed dump leaves the caller's directory empty.
 */
final class Checkpoints {
    private Checkpoints() {}

    /** The directory to dump into: absolute, and empty or missing. */
    static Path target(Path dir) {
        if (dir == null) {
            throw new InvalidParameterException("checkpoint dir must not be null");
        }
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs)) {
            if (!Files.isDirectory(abs)) {
                throw new InvalidParameterException("checkpoint dir " + abs + " is not a directory");
            }
            try (Stream<Path> s = Files.list(abs)) {
                if (s.findAny().isPresent()) {
                    throw new InvalidParameterException("checkpoint dir " + abs + " is not empty");
                }
            } catch (IOException e) {
                throw new SystemException("cannot read " + abs + ": " + e.getMessage(), e);
            }
        }
        return abs;
    }

    /** A directory written by a checkpoint: it must hold CRIU's inventory. */
    static Path source(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs.resolve("inventory.img"))) {
            throw new InvalidParameterException("not a checkpoint directory (no inventory.img): " + abs);
        }
        return abs;
    }

    static Any dumpOptions(Path image, Path work, boolean exit, boolean terminal) {
        return TypeUrls.pack(CheckpointOptions.newBuilder()
                .setExit(exit)
                .setTerminal(terminal)
                .setImagePath(image.toString())
                .setWorkPath(work.toString())
                .build());
    }

    /** The container's runc options plus the image to restore from. */
    static Any restoreOptions(Any runtimeOptions, Path image, Path work) {
        Options.Builder b = Options.newBuilder();
        if (runtimeOptions != null && "containerd.runc.v1.Options".equals(TypeUrls.name(runtimeOptions))) {
            try {
                b.mergeFrom(runtimeOptions.getValue());
            } catch (InvalidProtocolBufferException e) {
                throw new SystemException("cannot read the container's runtime options", e);
            }
        }
        return TypeUrls.pack(b.setCriuImagePath(image.toString())
                .setCriuWorkPath(work.toString())
                .build());
    }

    /** The last lines of CRIU's logs in {@code work}, to say why it failed. */
    static String criuLog(Path work) {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.list(work)) {
            for (Path log : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".log"))::iterator) {
                List<String> lines = Files.readAllLines(log);
                int from = Math.max(0, lines.size() - 5);
                for (String l : lines.subList(from, lines.size())) {
                    sb.append('\n').append(log.getFileName()).append(": ").append(l);
                }
            }
        } catch (IOException e) {
            // no log to add
        }
        return sb.toString();
    }
}
