package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.testing.Capture;
import dev.libcontainerd.testing.ExitLedger;
import dev.libcontainerd.testing.Faults;
import dev.libcontainerd.testing.KillableDaemon;
import dev.libcontainerd.testing.RecordingBackend;
import dev.libcontainerd.testing.Specs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 8's soak: random operations over 20 containers while containerd is killed and restarted
 * and shims are killed, then a check that every process known to have started got exactly one
 * EXIT, and that the files under the state dir match what containerd has. Runs for
 * {@code -Dlcd.soak.seconds} (120 by default, the CI run); see the README for a long run.
 */
class SoakIT {
    private static final Logger log = LoggerFactory.getLogger(SoakIT.class);
    private static final Duration RUN_FOR = Duration.ofSeconds(Long.getLong("lcd.soak.seconds", 120));
    private static final int CONTAINERS = 20;
    private static final int WORKERS = 3;
    private static final List<List<String>> INITS =
            List.of(List.of("sleep", "1000"), List.of("sleep", "3"), List.of("sh", "-c", "sleep 1; exit 7"));
    private static final List<List<String>> EXECS =
            List.of(List.of("sleep", "1000"), List.of("sleep", "1"), List.of("true"), List.of("sh", "-c", "exit 3"));

    private static final AtomicInteger SEQ = new AtomicInteger();
    private final String ns =
            "soak" + SEQ.incrementAndGet() + "-" + ProcessHandle.current().pid();
    private final long seed = Long.getLong("lcd.soak.seed", System.nanoTime());
    private final ExitLedger ledger = new ExitLedger();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    private final List<Slot> slots = new ArrayList<>();
    private final AtomicInteger execSeq = new AtomicInteger();
    private KillableDaemon daemon;
    private Client client;
    private RecordingBackend backend;
    private Path stateDir;
    private volatile boolean stopping;
    private final long t0 = System.nanoTime();
    private final Queue<String> chaosLog = new ConcurrentLinkedQueue<>();

    /** One container id and what the workers know of it; operations on it hold its lock. */
    private static final class Slot {
        final String id;
        final ReentrantLock lock = new ReentrantLock();
        volatile int initPid;
        /** What happened to this container, for the report of a failure. */
        final Queue<String> history = new ConcurrentLinkedQueue<>();

        Slot(String id) {
            this.id = id;
        }
    }

    @BeforeEach
    void start() throws Exception {
        Specs.spec(ns, "warm", false, "true"); // builds the rootfs on the shared daemon's dir first
        daemon = KillableDaemon.start("lcd-soak", ns);
        client = daemon.client();
        backend = daemon.backend();
        stateDir = daemon.stateDir();
        for (int i = 0; i < CONTAINERS; i++) {
            slots.add(new Slot("s" + i));
        }
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    @Test
    void randomOperationsUnderContainerdAndShimKillsLoseAndDoubleNoExit() throws Exception {
        log.info("soak for {} s, seed {} (-Dlcd.soak.seed to repeat the choices)", RUN_FOR.toSeconds(), seed);
        long deadline = System.nanoTime() + RUN_FOR.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            Random rnd = new Random(seed + w);
            threads.add(thread("soak-worker-" + w, () -> {
                while (System.nanoTime() < deadline && !stopping) {
                    step(slots.get(rnd.nextInt(CONTAINERS)), rnd);
                }
            }));
        }
        Random chaosRnd = new Random(seed - 1);
        threads.add(thread("soak-chaos", () -> {
            while (System.nanoTime() < deadline - 10_000_000_000L && !stopping) {
                sleep(4000 + chaosRnd.nextInt(6000));
                chaos(chaosRnd);
            }
        }));
        for (Thread t : threads) {
            t.join(RUN_FOR.toMillis() + 60_000);
            if (t.isAlive()) {
                failures.add(t.getName() + " is stuck: " + List.of(t.getStackTrace()));
                stopping = true;
            }
        }
        stopping = true;
        settle();
        log.info("soak outcomes: {}; {} processes started", outcomes, ledger.size());
        assertThat(failures).as("soak failures (seed %d)", seed).isEmpty();
    }

    private Thread thread(String name, Runnable body) {
        Thread t = new Thread(
                () -> {
                    try {
                        body.run();
                    } catch (RuntimeException | AssertionError e) {
                        failures.add(name + " died: " + e);
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** One random operation, chosen mostly to fit the container's state. */
    private void step(Slot s, Random rnd) {
        s.lock.lock();
        try {
            String state = statusOf(s.id);
            String op = pick(state, rnd);
            try {
                String result = run(s, op, rnd);
                count(op + " ok");
                note(s, state + ": " + op + " ok" + result);
            } catch (ContainerdException e) {
                count(op + " " + e.getClass().getSimpleName());
                note(s, state + ": " + op + " " + e.getClass().getSimpleName() + ": " + e.getMessage());
            } catch (RuntimeException e) {
                failures.add(op + " of " + s.id + " threw a non-library exception: " + e);
            }
        } finally {
            s.lock.unlock();
        }
    }

    private static String pick(String state, Random rnd) {
        if (rnd.nextInt(10) == 0) { // now and then anything, to exercise the refusals too
            String[] any = {"create", "start", "exec", "kill", "killExec", "pause", "resume", "deleteTask", "delete"};
            return any[rnd.nextInt(any.length)];
        }
        int r = rnd.nextInt(100);
        return switch (state) {
            case "no such container" -> "create";
            case "not running" -> r < 80 ? "start" : "delete";
            case "created", "stopped" -> "deleteTask";
            case "paused" -> "resume";
            case "running" -> r < 50 ? "exec" : r < 65 ? "kill" : r < 80 ? "killExec" : r < 90 ? "pause" : "stats";
            default -> "wait"; // containerd is away
        };
    }

    private String run(Slot s, String op, Random rnd) {
        switch (op) {
            case "create" ->
                client.create(
                        s.id,
                        Specs.spec(
                                ns,
                                s.id,
                                false,
                                INITS.get(rnd.nextInt(INITS.size())).toArray(String[]::new)),
                        null);
            case "start" -> {
                int pid = client.start(s.id, null, rnd.nextBoolean(), new Capture());
                ledger.init(s.id, pid);
                s.initPid = pid;
                return " pid " + pid;
            }
            case "exec" -> {
                String execId = "x" + execSeq.incrementAndGet();
                if (rnd.nextInt(5) == 0) {
                    int pid = client.exec(s.id, execId, Specs.process(false, "cat"), true, new Capture() {
                        @Override
                        public void attach(DirectIO io) {
                            super.attach(io);
                            try {
                                io.stdin().write("soak\n".getBytes(StandardCharsets.UTF_8));
                                io.stdin().close();
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                    });
                    ledger.exec(s.id, execId, pid);
                    return " " + execId + " pid " + pid;
                }
                int pid = client.exec(
                        s.id,
                        execId,
                        Specs.process(
                                false, EXECS.get(rnd.nextInt(EXECS.size())).toArray(String[]::new)),
                        false,
                        new Capture());
                ledger.exec(s.id, execId, pid);
                return " " + execId + " pid " + pid;
            }
            case "kill" -> client.signalProcess(s.id, Client.INIT_PROCESS_NAME, 9);
            case "killExec" -> client.signalProcess(s.id, "x" + Math.max(1, execSeq.get() - rnd.nextInt(20)), 9);
            case "pause" -> client.pause(s.id);
            case "resume" -> client.resume(s.id);
            case "stats" -> client.stats(s.id);
            case "deleteTask" -> {
                return " " + client.deleteTask(s.id);
            }
            case "delete" -> client.delete(s.id);
            case "wait" -> sleep(200);
            default -> throw new IllegalStateException(op);
        }
        return "";
    }

    private void note(Slot s, String what) {
        s.history.add(String.format("%.3f %s", (System.nanoTime() - t0) / 1e9, what));
        while (s.history.size() > 5000) {
            s.history.poll();
        }
    }

    private String since() {
        return String.format("%.3f", (System.nanoTime() - t0) / 1e9);
    }

    /** Kills containerd (and starts it again) or the shim of a running container. */
    private void chaos(Random rnd) {
        try {
            if (rnd.nextBoolean()) {
                daemon.kill();
                count("chaos: containerd killed");
                chaosLog.add(since() + " containerd killed");
                sleep(200 + rnd.nextInt(1500));
                daemon.restart();
                chaosLog.add(since() + " containerd started");
            } else {
                Slot s = slots.get(rnd.nextInt(CONTAINERS));
                int pid = s.initPid;
                if (pid > 0 && Faults.alive(pid)) {
                    Faults.signal(Faults.shimPid(pid), "KILL");
                    count("chaos: shim killed");
                    chaosLog.add(since() + " shim of " + s.id + " (init pid " + pid + ") killed");
                    note(s, "shim killed");
                }
            }
        } catch (IllegalStateException | UncheckedIOException e) {
            count("chaos: target gone"); // the process exited between the choice and the kill
        } catch (ContainerdException e) {
            failures.add("containerd did not start again: " + e);
        }
    }

    /** Stops every container, waits for the exits, and checks exits and files. */
    private void settle() throws Exception {
        await("containerd serving")
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> client.version() != null);
        for (Slot s : slots) {
            quietly(() -> client.resume(s.id));
            quietly(() -> client.signalProcess(s.id, Client.INIT_PROCESS_NAME, 9));
        }
        try {
            await("an EXIT for every process known started")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> ledger.missingExits(backend).isEmpty());
        } catch (ConditionTimeoutException e) {
            List<ExitLedger.Proc> missing = ledger.missingExits(backend);
            failures.add("no EXIT for " + missing);
            log.error("chaos: {}", chaosLog);
            for (ExitLedger.Proc p : missing) {
                log.error("no EXIT for {}: what followed its start: {}", p, around(slot(p.containerId()), p.pid()));
            }
        }
        Thread.sleep(3000); // late repeats
        ExitLedger.doubledExits(backend).forEach(d -> failures.add("EXIT reported twice: " + d));
        checkFilesMatchContainerd();
        for (Slot s : slots) {
            quietly(() -> client.deleteTask(s.id));
            quietly(() -> client.delete(s.id));
        }
        String[] left = stateDir.toFile().list();
        if (left != null && left.length > 0) {
            failures.add("left in the state dir after every container was deleted: " + List.of(left));
        }
    }

    /** The slot's history from the operation that reported {@code pid} on, for a failure report. */
    private static List<String> around(Slot s, int pid) {
        List<String> all = new ArrayList<>(s.history);
        int from = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).contains(" pid " + pid)) {
                from = i;
            }
        }
        return all.subList(from, Math.min(all.size(), from + 12));
    }

    private Slot slot(String id) {
        return slots.stream().filter(s -> s.id.equals(id)).findFirst().orElseThrow();
    }

    /** stateDir/<id> only for a container containerd has; init FIFOs only with a task; no exec FIFOs. */
    private void checkFilesMatchContainerd() {
        for (Slot s : slots) {
            String state = statusOf(s.id);
            String[] files = stateDir.resolve(s.id).toFile().list();
            if (files == null) {
                continue;
            }
            if (state.equals("no such container")) {
                failures.add("stateDir/" + s.id + " exists but containerd has no such container: " + List.of(files));
                continue;
            }
            boolean bad = false;
            for (String f : files) {
                if (!f.startsWith("init-")) {
                    failures.add("stateDir/" + s.id + "/" + f + " left after its process exited");
                    bad = true;
                } else if (state.equals("not running")) {
                    failures.add("stateDir/" + s.id + "/" + f + " left although the container has no task");
                    bad = true;
                }
            }
            if (bad) {
                List<String> all = new ArrayList<>(s.history);
                log.error(
                        "files of {} do not match containerd; chaos: {}; its last operations: {}",
                        s.id,
                        chaosLog,
                        all.subList(Math.max(0, all.size() - 15), all.size()));
            }
        }
    }

    /** The task's status, "no such container", "not running" (no task) or "unavailable". */
    private String statusOf(String id) {
        try {
            return client.status(id).value();
        } catch (NotFoundException e) {
            return e.getMessage().startsWith("no such container") ? "no such container" : "not running";
        } catch (ContainerdException e) {
            return "unavailable";
        }
    }

    private void count(String what) {
        outcomes.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (ContainerdException e) {
            // the state forbids it: fine while tidying up
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
