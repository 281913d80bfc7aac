package dev.libcontainerd.cli.commands;

import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.net.NetworkSetup;
import dev.libcontainerd.cli.options.MountOptions;
import dev.libcontainerd.cli.options.ProcessOptions;
import dev.libcontainerd.cli.options.ResourceOptions;
import dev.libcontainerd.cli.spec.SpecFile;
import dev.libcontainerd.cli.spec.Users;
import dev.libcontainerd.cli.task.Monitor;
import dev.libcontainerd.cli.task.Reaper;
import dev.libcontainerd.cli.task.Remover;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.image.ContainerRootfs;
import dev.libcontainerd.image.Images;
import dev.libcontainerd.image.RunOverrides;
import dev.libcontainerd.network.AttachOptions;
import dev.libcontainerd.network.Networks;
import dev.libcontainerd.oci.Mount;
import dev.libcontainerd.oci.ProcessSpec;
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
 * <p>An image runs over a new read-write snapshot of it (containerd's, removed with the
 * container), with its entrypoint, command, environment, working directory and user combined with
 * the options as docker combines them. {@code busybox} is the built-in image ({@link
 * BusyboxImage}); an image not here is pulled first, as docker does ({@code --pull}).
 */
abstract class ContainerCommand extends BaseCommand {
    /** The built-in image's short name. */
    static final String BUILTIN_IMAGE = "busybox";

    /** Where containerd mounts an image snapshot: the bundle's rootfs. */
    private static final String BUNDLE_ROOTFS = "rootfs";

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

    @Option(
            names = "--pull",
            paramLabel = "POLICY",
            defaultValue = "missing",
            description = "Pull the image first: missing (when not here; the default), always, never.")
    String pull;

    @Parameters(
            paramLabel = "IMAGE|--rootfs DIR [COMMAND",
            arity = "0..*",
            description = "The image ('" + BUILTIN_IMAGE + "' is built in), unless --rootfs is given; then "
                    + "the command and its arguments (default: the image's).")
    List<String> words = new ArrayList<>();

    /** Creates the container and returns its id; on failure nothing is left. */
    String createContainer(Context ctx) {
        List<String> command = new ArrayList<>(words);
        Spec base = specFile != null ? SpecFile.read(specFile) : null;
        boolean imageless = rootfs != null
                || (base != null && base.root() != null && base.root().path() != null);
        String image = null;
        if (!imageless) {
            if (command.isEmpty()) {
                throw new CliException("\"lcd " + spec.name() + "\" requires an IMAGE (or --rootfs DIR). " + "See 'lcd "
                        + spec.name() + " --help'.");
            }
            image = command.remove(0);
        }
        if (!List.of("missing", "always", "never").contains(pull)) {
            throw new CliException("invalid --pull '" + pull + "': missing, always or never");
        }
        String id = Ids.check(name != null ? name : Ids.random());
        if (exists(ctx, id)) {
            throw new CliException("Conflict. The container name \"" + id + "\" is already in use: "
                    + "remove it ('lcd rm " + id + "') or choose another name");
        }
        Path root = imageless ? rootfs(base) : null;
        Images images = imageless ? null : ImageCommands.images(ctx);
        String imageName = imageless ? null : ImageResolver.resolve(ctx, images, image, pull);
        ContainerRootfs snapshot = null;
        boolean created = false;
        try {
            if (rm) {
                Reaper.mark(ctx, id); // before it can exit: the next lcd command reaps it then
            }
            if (imageless) {
                ctx.client().create(id, network(ctx, id, assemble(ctx, id, base, root, command)), null);
            } else {
                snapshot = ImageResolver.prepare(images, imageName, id);
                Spec s = network(ctx, id, assembleFromImage(ctx, images, snapshot, id, base, command));
                ctx.client().create(id, s, null, snapshot.snapshot());
            }
            created = true;
            return id;
        } finally {
            if (!created) {
                cleanUp(ctx, id);
                if (snapshot != null) {
                    ImageResolver.discard(images, snapshot);
                }
            } else if (snapshot != null) {
                ImageResolver.release(images, snapshot); // the container record holds the snapshot now
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

    /** The plain root directory given by {@code --rootfs} or the spec file. */
    private Path rootfs(Spec base) {
        if (rootfs != null) {
            if (!Files.isDirectory(rootfs)) {
                throw new CliException("rootfs " + rootfs + " does not exist or is not a directory");
            }
            return rootfs.toAbsolutePath().normalize();
        }
        Path p = specFile.toAbsolutePath()
                .getParent()
                .resolve(base.root().path())
                .normalize();
        if (!Files.isDirectory(p)) {
            throw new CliException("rootfs " + p + " (from " + specFile + ") does not exist or is not a directory");
        }
        return p;
    }

    /**
     * The container's spec: the library's default Linux spec (or the user's {@code --spec}) with
     * this command's options on top.
     */
    private Spec assemble(Context ctx, String id, Spec base, Path root, List<String> command) {
        Spec.Builder spec = base == null ? Spec.linuxDefaults(ctx.namespace(), id) : base.toBuilder();
        spec.rootPath(root.toString());
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
        if (args.isEmpty() && base != null && base.process() != null) {
            args.addAll(base.process().args());
        }
        spec.editProcess(p -> process.applyTo(p, args, root));
        Spec draft = common(ctx, spec, id, base).build();
        // HOME as Docker sets it: the user's home in the container's passwd, unless given.
        return spec.addDefaultEnv("HOME=" + Users.home(draft.process().uid(), root))
                .build();
    }

    /**
     * The spec of a container from an image: the image's process with {@code --entrypoint},
     * COMMAND, {@code -e}, {@code -w} and {@code -u} combined as docker combines them (the
     * library's {@link Images#spec}); on a {@code --spec} file when given (its args when no
     * COMMAND is, its env over the image's), then the other options on top.
     */
    private Spec assembleFromImage(
            Context ctx, Images images, ContainerRootfs snapshot, String id, Spec base, List<String> command) {
        RunOverrides o = new RunOverrides(
                entrypoint == null ? null : entrypoint.isEmpty() ? List.of() : List.of(entrypoint),
                command.isEmpty() ? null : command,
                process.envEntries(),
                process.cwd(),
                process.user());
        Spec fromImage = images.spec(snapshot, id, o).build();
        Spec.Builder spec;
        if (base == null) {
            spec = fromImage.toBuilder();
        } else {
            ProcessSpec image = fromImage.process();
            boolean fileArgs = command.isEmpty()
                    && entrypoint == null
                    && base.process() != null
                    && !base.process().args().isEmpty();
            spec = base.toBuilder().rootPath(BUNDLE_ROOTFS).editProcess(p -> {
                if (!fileArgs) {
                    p.args(image.args());
                }
                image.env().forEach(p::addDefaultEnv);
                o.env().forEach(p::addEnv);
                p.cwd(image.cwd()).user(image.uid(), image.gid());
            });
        }
        spec.editProcess(process::applyTerminal);
        return common(ctx, spec, id, base).build();
    }

    /** What both kinds of root share: hostname, read-only root, --init, mounts, cgroup, resources. */
    private Spec.Builder common(Context ctx, Spec.Builder spec, String id, Spec base) {
        spec.rootReadonly(readOnly
                        || (base != null && base.root() != null && base.root().readonly()))
                .hostname(hostname != null ? hostname : id.length() > 63 ? id.substring(0, 63) : id);
        if (init) {
            if (!Files.isExecutable(INIT_BINARY)) {
                throw new CliException("--init needs " + INIT_BINARY + " (apt-get install tini)");
            }
            spec.removeMount(INIT_PATH).addMount(Mount.bind(INIT_BINARY.toString(), INIT_PATH, true));
            List<String> args = new ArrayList<>(List.of(INIT_PATH, "--"));
            args.addAll(spec.build().process().args());
            spec.args(args);
        }
        mounts.applyTo(spec);
        if (process.interactive) {
            spec.annotation(Monitor.STDIN_ANNOTATION, "true"); // docker's OpenStdin: for start and attach
        }
        if (base != null
                && (base.linux() == null
                        || base.linux().cgroupsPath() == null
                        || base.linux().cgroupsPath().isEmpty())) {
            spec.cgroupsPath("/" + ctx.namespace() + "/" + id);
        }
        return spec.mergeResources(resources.toResources());
    }
}
