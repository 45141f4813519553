package io.calllog.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Programs the tests need that no Maven artifact ships (Chromium, nginx): taken from the machine, and installed from
 * Debian's packages with apt-get when they are missing and the build runs as root; otherwise the test fails, naming the
 * packages to install. apt-get's output goes to {@code target/debian-packages.log} (a test JVM's own output is its
 * runner's channel).
 */
final class DebianPackages {

    static final Path LOG = Path.of("target", "debian-packages.log");

    private DebianPackages() {
    }

    /**
     * The first executable of each list, after installing {@code packages} if one is missing.
     *
     * @param purpose what needs them, for the message that names the packages
     */
    static List<Path> require(List<List<Path>> programs, List<String> packages, String purpose) {
        List<Path> found = find(programs);
        if (found != null) {
            return found;
        }
        if (!isRoot() || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            throw new IllegalStateException(purpose + " need Debian's packages " + String.join(" and ", packages)
                    + ": install them (apt-get install " + String.join(" ", packages) + "), or run where Docker "
                    + "answers. The build installs them itself only as root with apt-get.");
        }
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"));
        install.addAll(packages);
        if (!installedWithoutStartingServices(install)) {
            throw new IllegalStateException("apt-get could not install " + String.join(" ", packages) + " for "
                    + purpose + ": install them by hand (apt-get's output is in " + LOG.toAbsolutePath() + ")");
        }
        found = find(programs);
        if (found == null) {
            throw new IllegalStateException("apt-get installed " + String.join(" ", packages)
                    + ", but the programs are not where Debian puts them: " + programs);
        }
        return found;
    }

    /**
     * Installs, after an update when the package lists are stale, with no service started: a package such as nginx
     * starts its daemon when installed, unless Debian's {@code policy-rc.d} says no (as it does in containers), and the
     * tests run their own. A {@code policy-rc.d} is put in place for the install when the machine has none.
     */
    private static boolean installedWithoutStartingServices(List<String> install) {
        Path policy = Path.of("/usr/sbin/policy-rc.d");
        boolean ours = false;
        try {
            if (!Files.exists(policy)) {
                Files.writeString(policy,
                        "#!/bin/sh\n# put here by the build's tests while they install packages\nexit 101\n");
                policy.toFile().setExecutable(true);
                ours = true;
            }
            return run(install) == 0 || (run(List.of("apt-get", "update", "-q")) == 0 && run(install) == 0);
        } catch (IOException e) {
            return false;
        } finally {
            if (ours) {
                try {
                    Files.deleteIfExists(policy);
                } catch (IOException e) {
                    System.out.println("Could not remove " + policy + ", which the tests put there: " + e);
                }
            }
        }
    }

    private static List<Path> find(List<List<Path>> programs) {
        List<Path> found = new ArrayList<>();
        for (List<Path> candidates : programs) {
            Path program = candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
            if (program == null) {
                return null;
            }
            found.add(program);
        }
        return found;
    }

    private static int run(List<String> command) {
        try {
            Files.createDirectories(LOG.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(LOG.toFile()));
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            System.out.println("Installing what the tests need: " + String.join(" ", command) + " (output in "
                    + LOG.toAbsolutePath() + ")");
            Process process = builder.start();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean isRoot() {
        try {
            Process id = new ProcessBuilder("id", "-u").start();
            String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return id.waitFor() == 0 && uid.equals("0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
