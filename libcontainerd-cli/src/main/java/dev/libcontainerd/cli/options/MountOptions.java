package dev.libcontainerd.cli.options;

import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.oci.Mount;
import dev.libcontainerd.oci.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Bind mounts, in docker's two spellings: {@code -v SRC:DST[:ro]} and {@code --mount type=bind,…}. */
public final class MountOptions {
    @Option(
            names = {"-v", "--volume"},
            paramLabel = "SRC:DST[:ro|rw]",
            description = "Bind-mount a host directory or file (repeatable).")
    List<String> volumes = new ArrayList<>();

    @Option(
            names = "--mount",
            paramLabel = "type=bind,source=SRC,target=DST[,readonly]",
            description = "Bind-mount, docker's long form (repeatable).")
    List<String> mounts = new ArrayList<>();

    /** Adds the mounts to {@code spec}, after its defaults; a missing source is refused. */
    public void applyTo(Spec.Builder spec) {
        for (Mount m : parse()) {
            spec.removeMount(m.destination()).addMount(m);
        }
    }

    /** The bind mounts asked for. */
    public List<Mount> parse() {
        List<Mount> out = new ArrayList<>();
        for (String v : volumes) {
            String[] f = v.split(":", -1);
            if (f.length < 2 || f.length > 3 || f[0].isEmpty() || f[1].isEmpty()) {
                throw new CliException("invalid volume '" + v + "': use SRC:DST[:ro]");
            }
            boolean ro = f.length == 3 && readOnly(f[2], v);
            out.add(bind(f[0], f[1], ro));
        }
        for (String m : mounts) {
            String type = "bind";
            String source = null;
            String target = null;
            boolean ro = false;
            for (String kv : m.split(",")) {
                String k = kv.contains("=") ? kv.substring(0, kv.indexOf('=')) : kv;
                String val = kv.contains("=") ? kv.substring(kv.indexOf('=') + 1) : "true";
                switch (k) {
                    case "type" -> type = val;
                    case "source", "src" -> source = val;
                    case "target", "destination", "dst" -> target = val;
                    case "readonly", "ro" -> ro = !val.equals("false") && !val.equals("0");
                    default -> throw new CliException("invalid mount '" + m + "': unknown field '" + k + "'");
                }
            }
            if (!type.equals("bind")) {
                throw new CliException("invalid mount '" + m + "': only type=bind is supported");
            }
            if (source == null || target == null) {
                throw new CliException("invalid mount '" + m + "': source and target are required");
            }
            out.add(bind(source, target, ro));
        }
        return out;
    }

    private static boolean readOnly(String mode, String v) {
        return switch (mode) {
            case "ro" -> true;
            case "rw", "" -> false;
            default -> throw new CliException("invalid volume '" + v + "': mode must be ro or rw");
        };
    }

    private static Mount bind(String source, String target, boolean ro) {
        Path src = Path.of(source).toAbsolutePath().normalize();
        if (!Files.exists(src)) {
            throw new CliException("invalid mount config: bind source path does not exist: " + src);
        }
        if (!target.startsWith("/")) {
            throw new CliException("invalid mount config: the target must be an absolute path: " + target);
        }
        return Mount.bind(src.toString(), target, ro);
    }
}
