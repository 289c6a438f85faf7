package org.eagerae.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eagerae.InvalidInputException;
import org.eagerae.classify.Method;
import org.eagerae.run.RunDirectory;
import org.eagerae.io.AtomicFiles;

/**
 * The saved models of a run, and the one owner of their layout: {@code models/<name>/model.json}
 * (the {@link ModelManifest}) and, except for votes, {@code models/<name>/weights.safetensors}
 * (named arrays, {@link org.eagerae.classify.StateDict} names). A model is written into a hidden
 * temporary folder and renamed into place, so a reader sees all of it or none, and an existing
 * model is never replaced.
 */
public final class ModelStore {

    /** The manifest's file name inside a model's folder. */
    static final String MANIFEST = "model.json";
    /** The weights' file name inside a model's folder. */
    static final String WEIGHTS = "weights.safetensors";
    /** How a damaged weights file's message ends. */
    private static final String UNLOADABLE = "; the model cannot be loaded";

    private final RunDirectory run;

    private ModelStore(RunDirectory run) {
        this.run = run;
    }

    /** The models of a run. */
    public static ModelStore of(RunDirectory run) {
        return new ModelStore(run);
    }

    /** The run the models belong to. */
    public RunDirectory run() {
        return run;
    }

    /** Whether a model of that name exists. */
    public boolean exists(String name) {
        return Files.isRegularFile(folder(name).resolve(MANIFEST));
    }

    /** The names of all saved models, sorted. */
    public List<String> names() {
        Path dir = run.modelsDir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".") && exists(n)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Every saved model's manifest, sorted by name. */
    public List<ModelManifest> list() {
        return names().stream().map(this::manifest).sorted(Comparator.comparing(ModelManifest::name)).toList();
    }

    /** A model's manifest; an unknown name is an error that lists the known ones. */
    public ModelManifest manifest(String name) {
        if (!isPlainName(name) || !exists(name)) {
            List<String> known = names();
            throw new InvalidInputException("no model '" + name + "' in " + run.root() + (known.isEmpty()
                    ? "; it has no saved models (classify saves them)" : "; its models are " + String.join(", ", known)));
        }
        Path file = folder(name).resolve(MANIFEST);
        try {
            return RunDirectory.JSON.readValue(file.toFile(), ModelManifest.class);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read model manifest: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /**
     * A model's weights, as arrays owned by {@code manager}; a missing, truncated or otherwise
     * damaged file is an {@link InvalidInputException} naming it.
     */
    public NDList weights(String name, NDManager manager) {
        Path file = folder(name).resolve(WEIGHTS);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": missing; the model is incomplete");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        requireWhole(file, bytes);
        try {
            return NDList.decode(manager, bytes);
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException | BufferUnderflowException e) {
            throw new InvalidInputException(file + " is damaged: " + e.getMessage() + UNLOADABLE, e);
        }
    }

    /**
     * Refuses a safetensors file shorter than it says it is: an 8-byte little-endian length, a JSON
     * header of that length giving each tensor's {@code data_offsets} in the data after it, then the data.
     */
    static void requireWhole(Path file, byte[] bytes) {
        if (bytes.length < Long.BYTES) {
            throw new InvalidInputException(file + " is truncated: " + bytes.length + " bytes, shorter than the " + Long.BYTES
                    + "-byte length a safetensors file starts with" + UNLOADABLE);
        }
        long headerLength = ByteBuffer.wrap(bytes, 0, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 0) {
            throw new InvalidInputException(file + " is damaged: not a safetensors file" + UNLOADABLE);
        }
        if (headerLength > bytes.length - Long.BYTES) {
            throw new InvalidInputException(file + " is truncated: its header needs " + (Long.BYTES + headerLength) + " bytes, the file has "
                    + bytes.length + UNLOADABLE);
        }
        JsonNode header;
        try {
            header = RunDirectory.JSON.readTree(new String(bytes, Long.BYTES, (int) headerLength, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InvalidInputException(file + " is damaged: its header is not the JSON a safetensors file starts with" + UNLOADABLE);
        }
        long end = 0;
        for (Map.Entry<String, JsonNode> tensor : header.properties()) {
            JsonNode offsets = tensor.getValue().path("data_offsets");
            if (!tensor.getKey().equals("__metadata__") && offsets.size() == 2) {
                end = Math.max(end, offsets.get(1).asLong());
            }
        }
        long need = Long.BYTES + headerLength + end;
        if (need > bytes.length) {
            throw new InvalidInputException(file + " is truncated: its tensors need " + need + " bytes, the file has " + bytes.length
                    + UNLOADABLE);
        }
    }

    /** The checkpoint file a model uses, after checking that it is the one the model was made from. */
    public Path verifiedCheckpoint(ModelManifest model, ModelManifest.Source c) {
        Path file = run.checkpoint(c.member(), c.epoch());
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("model " + model.name() + " needs " + file + ", which is missing");
        }
        String actual = sha256(file);
        if (!actual.equals(c.sha256())) {
            throw new InvalidInputException(file + " has changed since model " + model.name() + " was saved (SHA-256 " + actual
                    + ", expected " + c.sha256() + ")");
        }
        return file;
    }

    /** The hex SHA-256 of a file. */
    static String sha256(Path file) {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a new model atomically; an existing model of that name is an error, never replaced. */
    void write(ModelManifest manifest, NDList weights) {
        String name = manifest.name();
        if (!isPlainName(name)) {
            throw new IllegalArgumentException("model names are letters, digits, '.', '-' and '_': " + name);
        }
        Path target = folder(name);
        Path tmp = null;
        try {
            Files.createDirectories(run.modelsDir());
            tmp = Files.createTempDirectory(run.modelsDir(), "." + name + ".");
            if (!weights.isEmpty()) {
                AtomicFiles.write(tmp.resolve(WEIGHTS), out -> weights.encode(out, NDList.Encoding.SAFETENSORS));
            }
            AtomicFiles.write(tmp.resolve(MANIFEST), out -> out.write(RunDirectory.JSON.writeValueAsBytes(manifest)));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            throw new InvalidInputException("model " + name + " already exists in " + run.modelsDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model " + name + " into " + run.modelsDir(), e);
        } finally {
            if (tmp != null) {
                AtomicFiles.deleteTree(tmp);
            }
        }
    }

    private Path folder(String name) {
        return run.modelsDir().resolve(name);
    }

    private static boolean isPlainName(String name) {
        return name != null && name.matches("[A-Za-z0-9][A-Za-z0-9._-]*");
    }

    /**
     * The name of a method's model: {@code soft-vote-epoch-003}, or {@code single-m02-epoch-003} for a member's; with an empty
     * {@code tag}, the method alone ({@code raw-pixels}).
     */
    static String name(Method method, int member, int head, String tag) {
        return method.label() + (member >= 0 ? String.format("-m%02d", member) : "") + (head > 0 ? "-h" + head : "")
                + (tag.isEmpty() ? "" : "-" + tag);
    }
}
