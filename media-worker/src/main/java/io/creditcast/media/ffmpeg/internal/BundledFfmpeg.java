package io.creditcast.media.ffmpeg.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Unpacks the {@code ffmpeg}/{@code ffprobe} programs and their shared libraries from the
 * {@code org.bytedeco:ffmpeg:<version>:<platform>-gpl} jar into {@code <cacheRoot>/<version>-<platform>/}, once:
 * a complete directory is published with an atomic rename, so concurrent JVMs never see a half-written one.
 */
public final class BundledFfmpeg {

    private static final String RESOURCE_ROOT = "org/bytedeco/ffmpeg/";
    private static final String POM_PROPERTIES = "META-INF/maven/org.bytedeco/ffmpeg/pom.properties";

    /** The unpacked directory holding {@code ffmpeg}, {@code ffprobe} and the libraries they load. */
    public record Unpacked(Path directory, String version, String platform) {

        public Path ffmpeg() {
            return directory.resolve("ffmpeg");
        }

        public Path ffprobe() {
            return directory.resolve("ffprobe");
        }
    }

    private BundledFfmpeg() {}

    /** JavaCPP's platform name for this JVM ({@code linux-x86_64}, {@code linux-arm64}, ...), if it has one. */
    public static Optional<String> currentPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osName = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "macosx" : null;
        String archName =
                switch (arch) {
                    case "amd64", "x86_64" -> "x86_64";
                    case "aarch64", "arm64" -> "arm64";
                    default -> null;
                };
        return osName == null || archName == null ? Optional.empty() : Optional.of(osName + "-" + archName);
    }

    /**
     * Unpacks (or reuses) the bundled build for {@code platform}; empty when no such jar is on the class path.
     * The {@code -gpl} build (with libx264) is preferred when both are present.
     */
    public static Optional<Unpacked> unpack(ClassLoader classLoader, String platform, Path cacheRoot)
            throws IOException {
        Resource[] resources = new PathMatchingResourcePatternResolver(classLoader)
                .getResources("classpath*:" + RESOURCE_ROOT + platform + "*/*");
        // platform directory name (e.g. linux-x86_64-gpl) -> file name -> resource
        Map<String, Map<String, Resource>> byDirectory = new TreeMap<>();
        for (Resource resource : resources) {
            String url = resource.getURL().toString();
            int start = url.lastIndexOf(RESOURCE_ROOT);
            if (start < 0 || resource.getFilename() == null) {
                continue;
            }
            String[] parts = url.substring(start + RESOURCE_ROOT.length()).split("/");
            if (parts.length != 2 || !isNeeded(parts[1])) {
                continue;
            }
            byDirectory.computeIfAbsent(parts[0], k -> new TreeMap<>()).put(parts[1], resource);
        }
        Optional<String> chosen = byDirectory.keySet().stream()
                .filter(dir -> byDirectory.get(dir).containsKey("ffmpeg")
                        && byDirectory.get(dir).containsKey("ffprobe"))
                .max(Comparator.comparing((String dir) -> dir.endsWith("-gpl")));
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        String platformDir = chosen.get();
        Map<String, Resource> files = byDirectory.get(platformDir);
        String version = versionOf(files.get("ffmpeg"));
        Path target = cacheRoot.resolve(version + "-" + platformDir);
        if (!Files.isRegularFile(target.resolve("ffmpeg"))) {
            publish(files, cacheRoot, target);
        }
        return Optional.of(new Unpacked(target, version, platformDir));
    }

    /** The programs and the shared libraries they link; JavaCPP's JNI glue ({@code libjni*}) is not needed. */
    private static boolean isNeeded(String fileName) {
        return fileName.equals("ffmpeg")
                || fileName.equals("ffprobe")
                || (fileName.startsWith("lib") && fileName.contains(".so") && !fileName.startsWith("libjni"));
    }

    private static String versionOf(Resource ffmpeg) throws IOException {
        String url = ffmpeg.getURL().toString();
        String root = url.substring(0, url.lastIndexOf(RESOURCE_ROOT));
        try (InputStream in = URI.create(root + POM_PROPERTIES).toURL().openStream()) {
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "").strip();
            if (version.matches("[0-9A-Za-z._-]{1,64}")) {
                return version;
            }
        } catch (IOException | IllegalArgumentException e) {
            // fall through to a name derived from the jar location
        }
        return "unknown-" + Integer.toHexString(root.hashCode());
    }

    private static void publish(Map<String, Resource> files, Path cacheRoot, Path target) throws IOException {
        Files.createDirectories(cacheRoot);
        Path staging = Files.createTempDirectory(cacheRoot, ".unpack-");
        try {
            for (Map.Entry<String, Resource> file : files.entrySet()) {
                Path out = staging.resolve(file.getKey());
                try (InputStream in = file.getValue().getInputStream()) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                if (file.getKey().equals("ffmpeg") || file.getKey().equals("ffprobe")) {
                    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                // another process published the same version first; theirs is as good as ours
            }
        } finally {
            deleteRecursively(staging);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
