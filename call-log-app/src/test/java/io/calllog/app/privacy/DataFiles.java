package io.calllog.app.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The byte scan of the privacy tests: which files under a directory hold a sequence of bytes, anywhere in them. */
final class DataFiles {

    private DataFiles() {
    }

    static List<Path> holding(Path directory, String text) {
        return holding(directory, text.getBytes(StandardCharsets.UTF_8));
    }

    static List<Path> holding(Path directory, byte[] needle) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).filter(file -> contains(file, needle)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
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

    private static boolean contains(Path file, byte[] needle) {
        try {
            return contains(Files.readAllBytes(file), needle);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
