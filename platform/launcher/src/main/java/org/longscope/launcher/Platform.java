package org.longscope.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A running Felix framework booted from the distribution layout.
 *
 * <p>Start-up is kept short: the bundle cache is reused between starts (bundles are re-installed
 * only when their jar changed), all bundles are resolved in one pass, and the HTTP service is
 * started only when the command serves HTTP, so no other command binds a port.
 */
final class Platform implements AutoCloseable {

    /** Packages the system bundle exports beside the JDK: the Vector API and the launcher SPI. */
    static final String SYSTEM_PACKAGES_EXTRA = "jdk.incubator.vector, org.longscope.launcher.spi;version=1.4.0";

    static final String HTTP_BUNDLE = "org.apache.felix.http.jetty12";
    static final String FILEINSTALL_BUNDLE = "org.apache.felix.fileinstall";

    private final Framework framework;
    private final FileLock cacheLock;
    private final Path temporaryCache;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Platform(Framework framework, FileLock cacheLock, Path temporaryCache) {
        this.framework = framework;
        this.cacheLock = cacheLock;
        this.temporaryCache = temporaryCache;
    }

    /**
     * Boots the framework and starts every bundle of {@code bundle/} (the HTTP service only when
     * {@code http} is true), then waits until FileInstall has picked up the jars in {@code plugins/}.
     */
    static Platform start(Layout layout, Map<String, String> overrides, boolean http) throws IOException, BundleException {
        long t0 = System.nanoTime();
        Map<String, String> properties = frameworkProperties(layout, overrides);

        // One process at a time reuses the shared cache; a concurrent one gets a private cache.
        Files.createDirectories(layout.cache());
        FileChannel lockChannel = FileChannel.open(layout.cache().resolve("felix.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockChannel.tryLock();
        Path temporary = null;
        if (lock != null) {
            properties.put(Constants.FRAMEWORK_STORAGE, layout.cache().resolve("felix").toString());
        } else {
            lockChannel.close();
            temporary = Files.createTempDirectory("longscope-felix");
            properties.put(Constants.FRAMEWORK_STORAGE, temporary.toString());
            properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        }

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path (lib/)"));
        Framework framework = factory.newFramework(properties);
        framework.init();
        Timing.detail("framework-init", (System.nanoTime() - t0) / 1_000_000);
        Platform platform = new Platform(framework, lock, temporary);
        try {
            List<Bundle> core = platform.syncCoreBundles(layout.bundles());
            Timing.report("framework-init-and-install", (System.nanoTime() - t0) / 1_000_000);
            framework.start();
            Timing.report("framework-started", (System.nanoTime() - t0) / 1_000_000);
            platform.startAll(core, http);
            Timing.report("framework-start-to-bundles-active", (System.nanoTime() - t0) / 1_000_000);
            Timing.report("jvm-start-to-bundles-active", Timing.sinceJvmStart());
            platform.awaitDropIns(layout.plugins(), 5_000);
            return platform;
        } catch (IOException | BundleException | RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /** conf/longscope.properties (with ${longscope.home} expanded), then the command's overrides. */
    static Map<String, String> frameworkProperties(Layout layout, Map<String, String> overrides) throws IOException {
        Map<String, String> properties = new HashMap<>();
        Path conf = layout.conf().resolve("longscope.properties");
        if (Files.isRegularFile(conf)) {
            Properties file = new Properties();
            try (InputStream in = Files.newInputStream(conf)) {
                file.load(in);
            }
            String home = layout.home().toString();
            file.forEach((k, v) -> properties.put(k.toString(), v.toString().replace("${longscope.home}", home)));
        }
        properties.put("longscope.home", layout.home().toString());
        properties.putIfAbsent("felix.fileinstall.dir", layout.plugins().toString());
        properties.putIfAbsent("felix.fileinstall.noInitialDelay", "true");
        properties.putIfAbsent("felix.fileinstall.poll", "1000");
        properties.putIfAbsent("felix.fileinstall.log.level", "2");
        properties.putIfAbsent("felix.fileinstall.filter", ".*\\.jar");
        properties.putIfAbsent("org.apache.felix.http.host", "127.0.0.1");
        properties.putIfAbsent("org.osgi.service.http.port", "8080");
        properties.putIfAbsent("felix.log.level", "1");
        properties.putAll(overrides);
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SYSTEM_PACKAGES_EXTRA);
        return properties;
    }

    /** Installs new jars of bundle/, updates changed ones, uninstalls ones whose jar is gone. */
    private List<Bundle> syncCoreBundles(Path folder) throws IOException, BundleException {
        BundleContext context = framework.getBundleContext();
        String prefix = folder.toUri().toString();
        Map<String, Bundle> installed = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().startsWith(prefix)) {
                installed.put(b.getLocation(), b);
            }
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(folder)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        List<Bundle> core = new ArrayList<>();
        for (Path jar : jars) {
            String location = jar.toUri().toString();
            Bundle existing = installed.remove(location);
            try {
                if (existing == null) {
                    try (InputStream in = Files.newInputStream(jar)) {
                        existing = context.installBundle(location, in);
                    }
                } else if (Files.getLastModifiedTime(jar).toMillis() > existing.getLastModified()) {
                    try (InputStream in = Files.newInputStream(jar)) {
                        existing.update(in);
                    }
                }
            } catch (BundleException e) {
                throw new BundleException("cannot install " + jar + ": " + e.getMessage(), e);
            }
            core.add(existing);
        }
        for (Bundle stale : installed.values()) {
            stale.uninstall();
        }
        return core;
    }

    /** Resolves all bundles in one pass, then starts them in dependency-friendly order. */
    private void startAll(List<Bundle> bundles, boolean http) {
        long t0 = System.nanoTime();
        framework.adapt(FrameworkWiring.class).resolveBundles(bundles);
        Timing.report("resolve", (System.nanoTime() - t0) / 1_000_000);
        List<Bundle> ordered = new ArrayList<>(bundles);
        ordered.sort(Comparator.comparingInt(Platform::startRank));
        List<String> failures = new ArrayList<>();
        for (Bundle b : ordered) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            if (!http && HTTP_BUNDLE.equals(b.getSymbolicName())) {
                continue;
            }
            try {
                // transient: what runs is decided by the command, never by the previous start
                long started = System.nanoTime();
                b.start(Bundle.START_TRANSIENT);
                Timing.detail("start " + b.getSymbolicName(), (System.nanoTime() - started) / 1_000_000);
            } catch (BundleException e) {
                failures.add(b.getSymbolicName() + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            System.err.println("warning: bundles that did not start:\n  " + String.join("\n  ", failures));
        }
    }

    /**
     * SPI Fly (with ASM) first so that it weaves slf4j's ServiceLoader calls, then logging,
     * configuration and SCR, then the rest; FileInstall last so that plugins meet a ready platform.
     */
    private static int startRank(Bundle b) {
        String name = b.getSymbolicName() == null ? "" : b.getSymbolicName();
        if (name.startsWith("org.objectweb.asm") || name.startsWith("org.apache.aries.spifly")) {
            return 0;
        }
        if (name.startsWith("slf4j")) {
            return 1;
        }
        if (name.equals("org.apache.felix.configadmin")) {
            return 2;
        }
        if (name.equals("org.apache.felix.scr")) {
            return 3;
        }
        if (name.equals(FILEINSTALL_BUNDLE)) {
            return 5;
        }
        return 4;
    }

    /** Waits until FileInstall installed every jar of the drop-in folder (its first scan is immediate). */
    private void awaitDropIns(Path plugins, long timeoutMillis) throws IOException {
        if (!Files.isDirectory(plugins)) {
            return;
        }
        List<String> names;
        try (Stream<Path> files = Files.list(plugins)) {
            names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).toList();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!names.isEmpty() && System.nanoTime() < deadline) {
            List<String> locations = new ArrayList<>();
            for (Bundle b : framework.getBundleContext().getBundles()) {
                if (b.getState() == Bundle.ACTIVE || b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                    locations.add(b.getLocation());
                }
            }
            names = names.stream().filter(n -> locations.stream().noneMatch(l -> l.endsWith("/" + n))).toList();
            if (!names.isEmpty()) {
                sleep(20);
            }
        }
        if (!names.isEmpty()) {
            System.err.println("warning: drop-in plugins not active after " + timeoutMillis + " ms: " + names);
        }
    }

    /** The service of the given type, waiting up to {@code timeoutMillis} for it to be registered. */
    <T> T service(Class<T> type, long timeoutMillis) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(framework.getBundleContext(), type, null);
        tracker.open();
        T service = tracker.waitForService(timeoutMillis);
        if (service == null) {
            throw new IllegalStateException("the platform provides no " + type.getSimpleName() + " after "
                    + timeoutMillis + " ms; bundles not active: " + inactiveBundles());
        }
        return service;
    }

    /** Bundles that are not active (fragments excepted), for error messages. */
    List<String> inactiveBundles() {
        List<String> inactive = new ArrayList<>();
        for (Bundle b : framework.getBundleContext().getBundles()) {
            if (b.getState() != Bundle.ACTIVE && b.getHeaders().get(Constants.FRAGMENT_HOST) == null
                    && !HTTP_BUNDLE.equals(b.getSymbolicName())) {
                inactive.add(b.getSymbolicName() + " (" + stateName(b.getState()) + ")");
            }
        }
        return inactive;
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "installed";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.ACTIVE -> "active";
            default -> "uninstalled";
        };
    }

    /** Blocks until the framework stops (serve). */
    void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    /** Stops the framework (bundles deactivate: running work is cancelled, files are closed); idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            framework.stop();
            framework.waitForStop(15_000);
        } catch (BundleException | InterruptedException e) {
            System.err.println("warning: framework did not stop cleanly: " + e.getMessage());
        }
        try {
            if (cacheLock != null) {
                cacheLock.release();
                cacheLock.channel().close();
            }
            if (temporaryCache != null) {
                deleteTree(temporaryCache);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
