package dev.libcontainerd.cli.commands;

import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.net.NetworkSetup;
import dev.libcontainerd.cli.options.MountOptions;
import dev.libcontainerd.cli.options.ProcessOptions;
import dev.libcontainerd.cli.options.ResourceOptions;
import dev.libcontainerd.cli.rootfs.BusyboxRootfs;
import dev.libcontainerd.cli.rootfs.OverlayLayer;
import dev.libcontainerd.cli.spec.SpecFile;
import dev.libcontainerd.cli.spec.Users;
import dev.libcontainerd.cli.task.Monitor;
import dev.libcontainerd.cli.task.Reaper;
import dev.libcontainerd.cli.task.Remover;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.network.AttachOptions;
import dev.libcontainerd.network.Networks;
import dev.libcontainerd.oci.Mount;
import dev.libcontainerd.oci.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code run} and {@code create} share: docker's {@code [OPTIONS] IMAGE [COMMAND…]}, where
 * {@code --rootfs DIR} (or a {@code --spec} with a root path) stands in for the image.
 *
 * <p>Until images land, the one image is {@value #BUILTIN_IMAGE}: the busybox root filesystem
 * built from the host's {@code busybox-static}, with a writable overlay per container. An image
 * resolver replaces {@link #rootfs} then: it returns the snapshot's mount and the image's
 * config (entrypoint, cmd, env, workdir, user), which {@link #assemble} applies before the flags.
 */
abstract class ContainerCommand extends BaseCommand {
    /** The one image lcd knows until image pulling lands. */
    static final String BUILTIN_IMAGE = "busybox";

    /** Where {@code --init}'s init is bind-mounted, as docker mounts its own. */
    private static final String INIT_PATH = "/sbin/docker-init";

    private static final Path INIT_BINARY = Path.of("/usr/bin/tini-static");

    @Option(names = "--rm", description = "Remove the container when it exits (also after lcd itself is gone).")
    boolean rm;

    @Option(names = "--name", paramLabel = "NAME", description = "Container name (default: random).")
    String name;

    @Option(
            names = "--rootfs",
            paramLabel = "DIR",
            description = "Use this root filesystem directory instead of an IMAGE.")
    Path rootfs;

    @Option(
            names = {"-h", "--hostname"},
            paramLabel = "NAME",
            description = "Hostname (default: the name).")
    String hostname;

    @Option(names = "--read-only", description = "Mount the root filesystem read-only.")
    boolean readOnly;

    @Option(
            names = "--spec",
            paramLabel = "config.json",
            description = "Start from this OCI runtime spec; options given here override it.")
    Path specFile;

    @Option(
            names = "--entrypoint",
            paramLabel = "CMD",
            description = "The program to run; COMMAND becomes its arguments.")
    String entrypoint;

    @Option(names = "--init", description = "Run a tiny init (tini) as PID 1 that forwards signals and reaps.")
    boolean init;

    @Mixin
    ProcessOptions process;

    @Mixin
    ResourceOptions resources;

    @Mixin
    MountOptions mounts;

    @Option(
            names = "--network",
            paramLabel = "NET",
            description = "Network: bridge (the default network), host, none, or one made with 'lcd network create'."
                    + " Without --network, -p or --dns the container has a network namespace with only lo.")
    String network;

    @Option(
            names = {"-p", "--publish"},
            paramLabel = "[IP:][HOSTPORT:]PORT[/PROTO]",
            description = "Publish a container port on the host, as docker's -p (implies --network bridge).")
    List<String> publish = new ArrayList<>();

    @Option(names = "--dns", paramLabel = "IP", description = "A name server for /etc/resolv.conf.")
    List<String> dns = new ArrayList<>();

    @Option(names = "--dns-search", paramLabel = "DOMAIN", description = "A search domain for /etc/resolv.conf.")
    List<String> dnsSearch = new ArrayList<>();

    @Option(names = "--dns-option", paramLabel = "OPT", description = "A resolver option for /etc/resolv.conf.")
    List<String> dnsOptions = new ArrayList<>();

    @Parameters(
            paramLabel = "IMAGE|--rootfs DIR [COMMAND",
            arity = "0..*",
            description = "The image ('" + BUILTIN_IMAGE + "' for now), unless --rootfs is given; then "
                    + "the command and its arguments (default: sh).")
    List<String> words = new ArrayList<>();

    /** Creates the container and returns its id; on failure nothing is left. */
    String createContainer(Context ctx) {
        List<String> command = new ArrayList<>(words);
        Spec base = specFile != null ? SpecFile.read(specFile) : null;
        boolean imageless = rootfs != null
                || (base != null && base.root() != null && base.root().path() != null);
        if (!imageless) {
            if (command.isEmpty()) {
                throw new CliException("\"lcd " + spec.name() + "\" requires an IMAGE (or --rootfs DIR). " + "See 'lcd "
                        + spec.name() + " --help'.");
            }
            String image = command.remove(0);
            if (!image.equals(BUILTIN_IMAGE) && !image.equals(BUILTIN_IMAGE + ":latest")) {
                throw new CliException("Unable to find image '" + image + "': lcd has only the built-in '"
                        + BUILTIN_IMAGE + "' until image pulling lands; use --rootfs DIR for others");
            }
        }
        String id = Ids.check(name != null ? name : Ids.random());
        if (exists(ctx, id)) {
            throw new CliException("Conflict. The container name \"" + id + "\" is already in use: "
                    + "remove it ('lcd rm " + id + "') or choose another name");
        }
        Path root = rootfs(ctx, id, base);
        boolean created = false;
        try {
            if (rm) {
                Reaper.mark(ctx, id); // before it can exit: the next lcd command reaps it then
            }
            ctx.client().create(id, network(ctx, id, assemble(ctx, id, base, root, command)), null);
            created = true;
            return id;
        } finally {
            if (!created) {
                cleanUp(ctx, id);
            }
        }
    }

    @picocli.CommandLine.Spec
    CommandSpec spec;

    /** The spec joined to its network, when networking was asked for. */
    private Spec network(Context ctx, String id, Spec spec) {
        if (network == null && publish.isEmpty() && dns.isEmpty() && dnsSearch.isEmpty() && dnsOptions.isEmpty()) {
            return spec;
        }
        AttachOptions.Builder o = AttachOptions.builder()
                .network(network == null ? Networks.DEFAULT_NETWORK : network)
                // a name with '_' is a fine container id but no host name: then /etc/hosts has none
                .hostname(
                        hostname != null || spec.hostname().matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")
                                ? spec.hostname()
                                : null);
        publish.forEach(o::publish);
        dns.forEach(o::dns);
        dnsSearch.forEach(o::dnsSearch);
        dnsOptions.forEach(o::dnsOption);
        AttachOptions options = o.build(); // bad input is refused before anything is made
        new NetworkSetup(ctx).reapDead();
        return ctx.networks().attach(id, options).applyTo(spec);
    }

    static boolean exists(Context ctx, String id) {
        try {
            ctx.client().inspect(id);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    static void cleanUp(Context ctx, String id) {
        try {
            new Remover(ctx).remove(id, true);
        } catch (ContainerdException | CliException e) {
            System.err.println("lcd: could not remove " + id + ": " + e.getMessage());
        }
        Reaper.unmark(ctx, id);
    }

    /** The rootfs to use; for the built-in image, a fresh overlay mounted for this container. */
    private Path rootfs(Context ctx, String id, Spec base) {
        if (rootfs != null) {
            if (!Files.isDirectory(rootfs)) {
                throw new CliException("rootfs " + rootfs + " does not exist or is not a directory");
            }
            return rootfs.toAbsolutePath().normalize();
        }
        String fromSpec =
                base == null || base.root() == null ? null : base.root().path();
        if (fromSpec != null) {
            Path p = specFile.toAbsolutePath().getParent().resolve(fromSpec).normalize();
            if (!Files.isDirectory(p)) {
                throw new CliException("rootfs " + p + " (from " + specFile + ") does not exist or is not a directory");
            }
            return p;
        }
        Path lower = BusyboxRootfs.ensure(ctx.layout().busyboxRootfs());
        return OverlayLayer.mount(lower, ctx.layout().containerDir(ctx.namespace(), id));
    }

    /**
     * The container's spec: the library's default Linux spec (or the user's {@code --spec}) with
     * this command's options on top.
     */
    private Spec assemble(Context ctx, String id, Spec base, Path root, List<String> command) {
        Spec.Builder spec = base == null ? Spec.linuxDefaults(ctx.namespace(), id) : base.toBuilder();
        spec.rootPath(root.toString())
                .rootReadonly(readOnly
                        || (base != null && base.root() != null && base.root().readonly()))
                .hostname(hostname != null ? hostname : id.length() > 63 ? id.substring(0, 63) : id);
        List<String> args = new ArrayList<>();
        if (entrypoint != null) {
            args.add(entrypoint);
            args.addAll(command);
        } else {
            boolean hasArgs = base != null
                    && base.process() != null
                    && !base.process().args().isEmpty();
            args.addAll(command.isEmpty() && !hasArgs ? List.of("sh") : command);
        }
        if (init) {
            if (!Files.isExecutable(INIT_BINARY)) {
                throw new CliException("--init needs " + INIT_BINARY + " (apt-get install tini)");
            }
            spec.removeMount(INIT_PATH).addMount(Mount.bind(INIT_BINARY.toString(), INIT_PATH, true));
            if (args.isEmpty() && base != null && base.process() != null) {
                args.addAll(base.process().args());
            }
            args.addAll(0, List.of(INIT_PATH, "--"));
        }
        mounts.applyTo(spec);
        if (process.interactive) {
            spec.annotation(Monitor.STDIN_ANNOTATION, "true"); // docker's OpenStdin: for start and attach
        }
        spec.editProcess(p -> process.applyTo(p, args, root));
        if (base != null
                && (base.linux() == null
                        || base.linux().cgroupsPath() == null
                        || base.linux().cgroupsPath().isEmpty())) {
            spec.cgroupsPath("/" + ctx.namespace() + "/" + id);
        }
        Spec draft = spec.mergeResources(resources.toResources()).build();
        // HOME as Docker sets it: the user's home in the container's passwd, unless given.
        return spec.addDefaultEnv("HOME=" + Users.home(draft.process().uid(), root))
                .build();
    }
}
