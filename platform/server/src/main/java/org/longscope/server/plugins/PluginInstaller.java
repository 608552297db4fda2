package org.longscope.server.plugins;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipException;
import org.longscope.api.InvalidInputException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;

/**
 * Installs and removes plugin bundles. A jar is checked completely (every entry read, an OSGi
 * manifest present) before it touches the platform; it then goes into the drop-in folder, where
 * FileInstall installs and starts it, so an upload survives restarts like a copied jar does.
 */
public final class PluginInstaller {
    private static final long WAIT_MILLIS = 10_000;
    private static final long SERVICE_WAIT_MILLIS = 3_000;

    private final BundleContext context;
    private final PluginInventory inventory;

    public PluginInstaller(BundleContext context, PluginInventory inventory) {
        this.context = context;
        this.inventory = inventory;
    }

    /** Symbolic name and version read from a bundle jar's manifest. */
    public record BundleIdentity(String symbolicName, String version) {
        public String fileName() {
            return (symbolicName + "-" + version).replaceAll("[^A-Za-z0-9._-]", "_") + ".jar";
        }
    }

    /**
     * Checks that the bytes are a complete jar with an OSGi bundle manifest.
     *
     * @param source name of the jar for messages
     * @throws InvalidInputException naming the source and what is wrong
     */
    public static BundleIdentity inspect(byte[] jar, String source) {
        Manifest manifest;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar), true)) {
            manifest = in.getManifest();
            byte[] sink = new byte[8192];
            int entries = 0;
            for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                while (in.read(sink) > 0) {
                    // reading every entry verifies its compressed data and CRC
                }
                entries++;
            }
            if (manifest == null && entries == 0) {
                throw new InvalidInputException(source, "expected a bundle jar (zip), found no jar entries");
            }
        } catch (ZipException | SecurityException e) {
            throw new InvalidInputException(source, "expected a bundle jar, found a corrupt zip: " + e.getMessage());
        } catch (IOException e) {
            throw new InvalidInputException(source, "expected a bundle jar, cannot read it: " + e.getMessage());
        }
        if (manifest == null) {
            throw new InvalidInputException(source, "expected a bundle jar with META-INF/MANIFEST.MF, found none");
        }
        Attributes main = manifest.getMainAttributes();
        String name = main.getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (name == null || name.isBlank()) {
            throw new InvalidInputException(source, "expected an OSGi bundle: the manifest has no Bundle-SymbolicName");
        }
        name = name.split(";")[0].trim();
        String version = main.getValue(Constants.BUNDLE_VERSION);
        return new BundleIdentity(name, version == null ? "0.0.0" : version.trim());
    }

    /**
     * Installs a checked jar and waits until the platform has started it.
     *
     * @return the installed bundle
     * @throws InvalidInputException when the jar is not a bundle or the framework refuses it
     */
    public Bundle install(byte[] jar, String source) throws IOException {
        BundleIdentity identity = inspect(jar, source);
        Path dropIn = inventory.dropIn();
        if (dropIn == null) {
            return installDirectly(jar, source, identity);
        }
        Files.createDirectories(dropIn);
        Path target = dropIn.resolve(identity.fileName());
        // write beside the folder's watcher, then move in one step: FileInstall never sees half a jar
        Path part = Files.createTempFile(dropIn.getParent() == null ? dropIn : dropIn.getParent(), ".upload-", ".part");
        try {
            Files.write(part, jar);
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(part);
        }
        return awaitInstalled(identity.fileName(), source);
    }

    private Bundle installDirectly(byte[] jar, String source, BundleIdentity identity) {
        try (InputStream in = new ByteArrayInputStream(jar)) {
            Bundle b = context.installBundle(PluginInventory.UPLOAD_LOCATION + identity.fileName(), in);
            b.start();
            return awaitServices(b);
        } catch (BundleException | IOException e) {
            throw new InvalidInputException(source, "the framework refused the bundle: " + e.getMessage(), e);
        }
    }

    /** Waits for FileInstall to install and start the jar (it polls the folder). */
    private Bundle awaitInstalled(String fileName, String source) {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        Bundle found = null;
        while (System.nanoTime() < deadline) {
            found = byFileName(fileName);
            if (found != null && (found.getState() == Bundle.ACTIVE
                    || found.getHeaders().get(Constants.FRAGMENT_HOST) != null)) {
                return awaitServices(found);
            }
            sleep(50);
        }
        if (found != null) {
            return found; // installed but not started (e.g. unresolved): its state says so
        }
        throw new IllegalStateException(source + " was written to " + inventory.dropIn()
                + " but the drop-in watcher (FileInstall) did not install it within " + WAIT_MILLIS + " ms");
    }

    /**
     * Gives Declarative Services a moment to register the components of a bundle that has just
     * started, so that what the install reports lists its services. A component whose references
     * are not satisfied registers nothing: the wait then ends without it.
     */
    private static Bundle awaitServices(Bundle b) {
        if (b.getHeaders().get("Service-Component") == null) {
            return b;
        }
        long deadline = System.nanoTime() + SERVICE_WAIT_MILLIS * 1_000_000;
        while (b.getState() == Bundle.ACTIVE && b.getRegisteredServices() == null && System.nanoTime() < deadline) {
            sleep(25);
        }
        return b;
    }

    private Bundle byFileName(String fileName) {
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().endsWith("/" + fileName) && inventory.isPlugin(b)) {
                return b;
            }
        }
        return null;
    }

    /**
     * Removes a plugin: deletes its drop-in jar (FileInstall uninstalls it) or uninstalls an upload.
     *
     * @return the symbolic name of the removed bundle
     */
    public String remove(String id) throws IOException, BundleException {
        Bundle b = inventory.findPlugin(id);
        String name = b.getSymbolicName();
        String location = b.getLocation();
        if (location.startsWith("file:")) {
            Files.deleteIfExists(Path.of(java.net.URI.create(location)));
            long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
            while (b.getState() != Bundle.UNINSTALLED && System.nanoTime() < deadline) {
                sleep(50);
            }
        }
        if (b.getState() != Bundle.UNINSTALLED) {
            b.uninstall();
        }
        return name;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
