package dev.libcontainerd.internal.image;

import com.google.protobuf.UnsafeByteOperations;
import containerd.services.content.v1.WriteAction;
import containerd.services.content.v1.WriteContentRequest;
import containerd.services.content.v1.WriteContentResponse;
import dev.libcontainerd.errdefs.UnavailableException;
import dev.libcontainerd.internal.grpc.GrpcErrors;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One {@code Content.Write} stream for one ingest ref: stat, write chunks, commit. containerd
 * answers every request with one response, so each step waits for its answer; containerd itself
 * verifies the size and digest at commit.
 */
final class ContentWriter implements AutoCloseable {
    private static final Object END = new Object();

    private final String ref;
    private final LinkedBlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    /** Writes sent but not yet answered: a few in flight keep containerd busy while we read. */
    private static final int MAX_IN_FLIGHT = 16;

    private final StreamObserver<WriteContentRequest> requests;
    private boolean closed;
    private int inFlight;

    ContentWriter(ImageServices services, String ref) {
        this.ref = ref;
        this.requests = services.contentAsync().write(new StreamObserver<>() {
            @Override
            public void onNext(WriteContentResponse r) {
                answers.add(r);
            }

            @Override
            public void onError(Throwable t) {
                answers.add(t);
            }

            @Override
            public void onCompleted() {
                answers.add(END);
            }
        });
    }

    private WriteContentResponse call(WriteContentRequest req, String what) {
        requests.onNext(req);
        // containerd answers in order: first the writes still in flight, then this request
        while (inFlight > 0) {
            answer(what);
            inFlight--;
        }
        return answer(what);
    }

    private WriteContentResponse answer(String what) {
        Object a;
        try {
            a = answers.poll(ImageServices.LONG_CALL.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException(what + " " + ref + ": interrupted", e);
        }
        if (a instanceof WriteContentResponse r) {
            return r;
        }
        closed = true;
        if (a instanceof Throwable t) {
            throw GrpcErrors.map(what + " " + ref, t);
        }
        throw new UnavailableException(what + " " + ref + ": containerd ended the write stream");
    }

    /** How much of the ref containerd already holds (from an earlier, interrupted write). */
    long offset(long total, String expected) {
        // As containerd's own proxy writer: size and digest go with the first message, which is
        // when containerd opens its writer (and finds blobs shared from other namespaces).
        WriteContentRequest.Builder b =
                WriteContentRequest.newBuilder().setAction(WriteAction.STAT).setRef(ref);
        if (total > 0) {
            b.setTotal(total);
        }
        if (expected != null) {
            b.setExpected(expected);
        }
        return call(b.build(), "stat").getOffset();
    }

    /**
     * Sends a chunk without waiting for its answer (at most a few stay unanswered). {@code data}
     * is sent as is: the caller must not reuse the array.
     */
    void write(long offset, byte[] data, int len) {
        requests.onNext(WriteContentRequest.newBuilder()
                .setAction(WriteAction.WRITE)
                .setRef(ref)
                .setOffset(offset)
                .setData(UnsafeByteOperations.unsafeWrap(data, 0, len))
                .build());
        if (++inFlight > MAX_IN_FLIGHT) {
            answer("write");
            inFlight--;
        }
    }

    /** Commits; containerd checks size and digest. Returns the committed digest. */
    String commit(long total, String expected, Map<String, String> labels) {
        WriteContentRequest.Builder b = WriteContentRequest.newBuilder()
                .setAction(WriteAction.COMMIT)
                .setRef(ref)
                .setTotal(total)
                .setOffset(total)
                .putAllLabels(labels);
        if (expected != null) {
            b.setExpected(expected);
        }
        return call(b.build(), "commit").getDigest();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                requests.onCompleted();
            } catch (RuntimeException e) {
                // the stream already failed; nothing to release
            }
        }
    }
}
