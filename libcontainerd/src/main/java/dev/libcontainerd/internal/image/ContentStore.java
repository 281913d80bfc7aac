package dev.libcontainerd.internal.image;

import com.google.protobuf.FieldMask;
import containerd.services.content.v1.AbortRequest;
import containerd.services.content.v1.Info;
import containerd.services.content.v1.InfoRequest;
import containerd.services.content.v1.ReadContentRequest;
import containerd.services.content.v1.ReadContentResponse;
import containerd.services.content.v1.UpdateRequest;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.errdefs.UnavailableException;
import dev.libcontainerd.internal.grpc.GrpcErrors;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/** containerd's content store, as the image code uses it. */
final class ContentStore {
    /** Largest manifest, index or config this package reads into memory. */
    static final int MAX_DOCUMENT = 8 << 20;
    // below half a G1 region (1 MiB on small heaps), so chunks are not humongous allocations
    private static final int CHUNK = 256 << 10;

    private final ImageServices services;

    ContentStore(ImageServices services) {
        this.services = services;
    }

    Optional<Info> info(String digest) {
        try {
            return Optional.of(services.content()
                    .info(InfoRequest.newBuilder().setDigest(digest).build())
                    .getInfo());
        } catch (RuntimeException e) {
            RuntimeException m = GrpcErrors.map("content info " + digest, e);
            if (m instanceof NotFoundException) {
                return Optional.empty();
            }
            throw m;
        }
    }

    /** A small blob (manifest, index, config) read whole. */
    byte[] readAll(String digest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copyTo(digest, out, MAX_DOCUMENT);
        return out.toByteArray();
    }

    /** Copies a blob to {@code out}, failing when it is larger than {@code limit}. */
    void copyTo(String digest, OutputStream out, long limit) {
        try {
            Iterator<ReadContentResponse> it = services.contentLong()
                    .read(ReadContentRequest.newBuilder().setDigest(digest).build());
            long n = 0;
            while (it.hasNext()) {
                ReadContentResponse r = it.next();
                n += r.getData().size();
                if (n > limit) {
                    throw new InvalidParameterException("blob " + digest + " is larger than " + limit + " bytes");
                }
                r.getData().writeTo(out);
            }
        } catch (IOException e) {
            throw new SystemException("copying blob " + digest + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw GrpcErrors.map("read blob " + digest, e);
        }
    }

    /** Replaces the given labels of a blob (other labels stay). */
    void setLabels(String digest, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return;
        }
        FieldMask.Builder mask = FieldMask.newBuilder();
        labels.keySet().forEach(k -> mask.addPaths("labels." + k));
        try {
            services.content()
                    .update(UpdateRequest.newBuilder()
                            .setInfo(Info.newBuilder().setDigest(digest).putAllLabels(labels))
                            .setUpdateMask(mask)
                            .build());
        } catch (RuntimeException e) {
            throw GrpcErrors.map("label blob " + digest, e);
        }
    }

    /** Writes a small blob whose bytes are in memory; present blobs only get the labels. */
    void writeBytes(String ref, String digest, byte[] data, Map<String, String> labels) {
        if (info(digest).isPresent()) {
            setLabels(digest, labels);
            return;
        }
        write(
                ref,
                digest,
                data.length,
                offset -> {
                    InputStream in = new ByteArrayInputStream(data);
                    in.skipNBytes(offset);
                    return in;
                },
                labels,
                (done) -> {});
    }

    /** Opens the blob's bytes from an offset. */
    interface Source {
        InputStream open(long offset) throws IOException;
    }

    /** Hears how many bytes containerd has. */
    interface Progress {
        void done(long bytes);
    }

    /**
     * Streams a blob into the content store through ingest {@code ref}, resuming what an earlier
     * write of the same ref left, and reopening the source (up to 3 times) when it breaks off.
     * containerd verifies {@code expected} (may be null) and {@code total} at commit. A failed
     * write aborts its ingest.
     *
     * @return the digest containerd computed
     */
    String write(
            String ref, String expected, long total, Source source, Map<String, String> labels, Progress progress) {
        try {
            return writeOnce(ref, expected, total, source, labels, progress);
        } catch (ConflictException e) {
            // containerd answers AlreadyExists as soon as it sees the digest is there (another
            // pull, or another namespace's blob it shares): the blob is in, nothing to write.
            if (expected != null && e.grpcStatus() != null && e.grpcStatus().getCode() == Status.Code.ALREADY_EXISTS) {
                setLabels(expected, labels);
                return expected;
            }
            throw e;
        }
    }

    private String writeOnce(
            String ref, String expected, long total, Source source, Map<String, String> labels, Progress progress) {
        boolean ok = false;
        try (ContentWriter w = new ContentWriter(services, ref)) {
            long offset = w.offset(total, expected);
            if (total >= 0 && offset > total) {
                throw new InvalidParameterException("ingest " + ref + " holds more than " + total + " bytes");
            }
            int failures = 0;
            while (total < 0 || offset < total) {
                try (InputStream in = source.open(offset)) {
                    int n;
                    byte[] buf;
                    // a fresh array per chunk: the writer sends it without copying
                    while ((n = in.readNBytes(buf = new byte[CHUNK], 0, CHUNK)) > 0) {
                        if (total >= 0 && offset + n > total) {
                            throw new InvalidParameterException(
                                    "blob " + expected + " is larger than its descriptor's " + total + " bytes");
                        }
                        w.write(offset, buf, n);
                        offset += n;
                        progress.done(offset);
                    }
                    if (total < 0) {
                        break;
                    }
                    if (offset < total) {
                        throw new IOException("stream ended at " + offset + " of " + total + " bytes");
                    }
                } catch (IOException e) {
                    if (++failures > 3) {
                        throw new UnavailableException(
                                "fetching " + ref + " failed " + failures + " times, last at byte " + offset + ": "
                                        + e.getMessage(),
                                e);
                    }
                    LoggerFactory.getLogger(ContentStore.class)
                            .debug("{} broke off at {} ({}); retrying", ref, offset, e.toString());
                }
            }
            String digest;
            try {
                digest = w.commit(offset, expected, labels);
            } catch (ConflictException e) {
                String msg = String.valueOf(e.getMessage());
                if (e.grpcStatus() != null && e.grpcStatus().getCode() == Status.Code.ALREADY_EXISTS) {
                    ok = true;
                    throw e;
                }
                if (msg.contains("unexpected") || msg.contains("failed size validation")) {
                    throw new InvalidParameterException(
                            "blob " + expected + " does not match its descriptor: " + msg, e);
                }
                throw e;
            }
            ok = true;
            return digest;
        } finally {
            if (!ok) {
                abort(ref);
            }
        }
    }

    void abort(String ref) {
        try {
            services.content().abort(AbortRequest.newBuilder().setRef(ref).build());
        } catch (RuntimeException e) {
            // not started or already gone: nothing to clean
        }
    }
}
