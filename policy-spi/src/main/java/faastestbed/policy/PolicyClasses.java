package faastestbed.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the policies of one package of this module by listing the package, so that a new policy is one class and no
 * other file: no {@code META-INF/services} line, no CDI annotation. Both engines (the gateway and the simulator) ask
 * here, so the same class is selectable by name in both. Classes found: public, concrete, top-level, implementing the
 * SPI, with a public no-argument constructor.
 */
public final class PolicyClasses {
    private PolicyClasses() {
    }

    /**
     * @param anchor a class of the package to list; the package is read from the jar or directory that holds it
     * @throws IllegalStateException when the package cannot be listed (a class loader that hides where classes come from)
     */
    public static <T> List<Class<? extends T>> inPackageOf(Class<?> anchor, Class<T> spi) {
        String pkg = anchor.getPackageName();
        String dir = pkg.replace('.', '/') + "/";
        List<String> names = new ArrayList<>();
        CodeSource source = anchor.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null) {
            throw new IllegalStateException("cannot tell where " + anchor.getName() + " was loaded from, so the policies"
                    + " of package " + pkg + " cannot be listed");
        }
        try {
            Path path = Path.of(location.toURI());
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path.resolve(dir))) {
                    files.map(p -> p.getFileName().toString()).forEach(names::add);
                }
            } else {
                try (JarFile jar = new JarFile(path.toFile())) {
                    jar.stream().map(JarEntry::getName)
                            .filter(n -> n.startsWith(dir) && n.indexOf('/', dir.length()) < 0)
                            .map(n -> n.substring(dir.length()))
                            .forEach(names::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the policies of package " + pkg + " in " + location, e);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot list the policies of package " + pkg + " in " + location, e);
        }
        List<Class<? extends T>> found = new ArrayList<>();
        for (String file : names) {
            if (!file.endsWith(".class") || file.contains("$")) {
                continue;
            }
            String className = pkg + "." + file.substring(0, file.length() - ".class".length());
            Class<?> type;
            try {
                type = Class.forName(className, false, anchor.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("policy class " + className + " cannot be loaded: " + e, e);
            }
            if (isPolicy(type, spi)) {
                found.add(type.asSubclass(spi));
            }
        }
        found.sort(Comparator.comparing(Class::getName));
        return found;
    }

    private static boolean isPolicy(Class<?> type, Class<?> spi) {
        int m = type.getModifiers();
        if (!spi.isAssignableFrom(type) || type.isInterface() || Modifier.isAbstract(m) || !Modifier.isPublic(m)) {
            return false;
        }
        try {
            return Modifier.isPublic(type.getConstructor().getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** A new instance through the public no-argument constructor. */
    public static <T> T create(Class<? extends T> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("policy " + type.getName() + " cannot be created: " + e, e);
        }
    }
}
