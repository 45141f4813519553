package io.calllog.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The privacy tests' byte scan: whether bytes hold a sequence, and which files under a directory do. */
public final class ByteScan {

    private ByteScan() {
    }

    public static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The regular files under this directory that hold the text (UTF-8), anywhere in them. */
    public static List<Path> filesHolding(Path directory, String text) {
        return filesHolding(directory, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The regular files under this directory that hold these bytes; a file removed while scanned is left out. */
    public static List<Path> filesHolding(Path directory, byte[] needle) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).filter(file -> holds(file, needle)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean holds(Path file, byte[] needle) {
        try {
            return contains(Files.readAllBytes(file), needle);
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
