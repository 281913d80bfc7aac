package dev.libcontainerd.internal.image;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import containerd.services.images.v1.CreateImageRequest;
import containerd.services.images.v1.DeleteImageRequest;
import containerd.services.images.v1.GetImageRequest;
import containerd.services.images.v1.ListImagesRequest;
import containerd.services.images.v1.UpdateImageRequest;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.image.Descriptor;
import dev.libcontainerd.image.Image;
import dev.libcontainerd.image.ImageRef;
import dev.libcontainerd.internal.grpc.GrpcErrors;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** containerd's image records. */
final class ImageStore {
    private final ImageServices services;

    ImageStore(ImageServices services) {
        this.services = services;
    }

    static Image toImage(containerd.services.images.v1.Image i) {
        var t = i.getTarget();
        return new Image(
                i.getName(),
                new Descriptor(t.getMediaType(), t.getDigest(), t.getSize()),
                i.getLabelsMap(),
                instant(i.getCreatedAt()),
                instant(i.getUpdatedAt()));
    }

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    /** The record named {@code name}, or, failing that, the one {@code name} normalises to. */
    Image get(String name) {
        try {
            return toImage(services.images()
                    .get(GetImageRequest.newBuilder().setName(name).build())
                    .getImage());
        } catch (RuntimeException e) {
            RuntimeException m = GrpcErrors.map("image " + name, e);
            if (!(m instanceof NotFoundException)) {
                throw m;
            }
            String normal;
            try {
                normal = ImageRef.parse(name).toString();
            } catch (RuntimeException bad) {
                throw new NotFoundException("no such image: " + name);
            }
            if (normal.equals(name)) {
                throw new NotFoundException("no such image: " + name, e);
            }
            try {
                return toImage(services.images()
                        .get(GetImageRequest.newBuilder().setName(normal).build())
                        .getImage());
            } catch (RuntimeException e2) {
                RuntimeException m2 = GrpcErrors.map("image " + normal, e2);
                throw m2 instanceof NotFoundException ? new NotFoundException("no such image: " + name, e2) : m2;
            }
        }
    }

    List<Image> list() {
        try {
            return services.images().list(ListImagesRequest.getDefaultInstance()).getImagesList().stream()
                    .map(ImageStore::toImage)
                    .sorted(Comparator.comparing(Image::name))
                    .toList();
        } catch (RuntimeException e) {
            throw GrpcErrors.map("list images", e);
        }
    }

    /** Creates the record, or points an existing one at {@code target}. */
    Image put(String name, Descriptor target) {
        containerd.services.images.v1.Image rec = containerd.services.images.v1.Image.newBuilder()
                .setName(name)
                .setTarget(containerd.types.Descriptor.newBuilder()
                        .setMediaType(target.mediaType())
                        .setDigest(target.digest())
                        .setSize(target.size()))
                .build();
        try {
            return toImage(services.images()
                    .create(CreateImageRequest.newBuilder().setImage(rec).build())
                    .getImage());
        } catch (RuntimeException e) {
            RuntimeException m = GrpcErrors.map("create image " + name, e);
            if (!(m instanceof ConflictException)) {
                throw m;
            }
        }
        try {
            return toImage(services.images()
                    .update(UpdateImageRequest.newBuilder()
                            .setImage(rec)
                            .setUpdateMask(FieldMask.newBuilder().addPaths("target"))
                            .build())
                    .getImage());
        } catch (RuntimeException e) {
            throw GrpcErrors.map("update image " + name, e);
        }
    }

    void remove(String name, boolean sync) {
        String stored = get(name).name();
        try {
            (sync ? services.imagesLong() : services.images())
                    .delete(DeleteImageRequest.newBuilder()
                            .setName(stored)
                            .setSync(sync)
                            .build());
        } catch (RuntimeException e) {
            throw GrpcErrors.map("remove image " + name, e);
        }
    }
}
