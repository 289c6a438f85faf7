package org.eagerae.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.eagerae.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is checked before a command computes anything it would then write. */
class AtomicFilesTest {

    @TempDir
    Path tmp;

    @Test
    void aFileCanBeWrittenInAFolderOrWhereFoldersCanBeMade() throws Exception {
        assertThatCode(() -> AtomicFiles.requireWritable(tmp.resolve("p.csv"))).doesNotThrowAnyException();
        assertThatCode(() -> AtomicFiles.requireWritable(tmp.resolve("new/deeper/p.csv"))).doesNotThrowAnyException();
        Files.writeString(tmp.resolve("old.csv"), "replaced by a write");
        assertThatCode(() -> AtomicFiles.requireWritable(tmp.resolve("old.csv"))).doesNotThrowAnyException();
        assertThat(tmp).isDirectoryNotContaining(p -> !p.getFileName().toString().equals("old.csv"));
    }

    @Test
    void aFileWhereAFolderMustBeOrAFolderWhereTheFileMustBeIsRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "a file");
        assertThatThrownBy(() -> AtomicFiles.requireWritable(file.resolve("p.csv"))).isInstanceOf(InvalidInputException.class)
                .hasMessage("cannot write in " + file + ": " + file + " is a file, not a folder");
        assertThatThrownBy(() -> AtomicFiles.requireWritable(file.resolve("a/b/p.csv"))).isInstanceOf(InvalidInputException.class)
                .hasMessage("cannot write in " + file.resolve("a/b") + ": " + file + " is a file, not a folder");
        assertThatThrownBy(() -> AtomicFiles.requireWritableFolder(file)).isInstanceOf(InvalidInputException.class)
                .hasMessage("cannot write in " + file + ": " + file + " is a file, not a folder");
        assertThatThrownBy(() -> AtomicFiles.requireWritable(tmp)).isInstanceOf(InvalidInputException.class)
                .hasMessage(tmp + " is a folder, not a file");
    }

    @Test
    void aReadOnlyFolderIsRefused() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("read-only"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(folder), "permissions do not bind this user (root)");
            assertThatThrownBy(() -> AtomicFiles.requireWritable(folder.resolve("p.csv"))).isInstanceOf(InvalidInputException.class)
                    .hasMessage("cannot write in " + folder + ": the folder is not writable");
            assertThatThrownBy(() -> AtomicFiles.requireWritable(folder.resolve("sub/p.csv"))).isInstanceOf(InvalidInputException.class)
                    .hasMessage("cannot write in " + folder.resolve("sub") + ": the folder above it, " + folder + ", is not writable");
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
