package org.longscope.server.plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.longscope.api.ServiceProperties;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * What is installed: every bundle with its version, state and the services it registers. A bundle
 * is a plugin (removable) when it came from the drop-in folder or an upload; the rest is the core
 * bundle set.
 */
public final class PluginInventory {
    /** Location prefix of bundles installed from an upload when there is no drop-in folder. */
    public static final String UPLOAD_LOCATION = "longscope-upload:";

    private final BundleContext context;
    private final Path dropIn;

    /** @param dropIn the FileInstall folder, or {@code null} when there is none */
    public PluginInventory(BundleContext context, Path dropIn) {
        this.context = context;
        this.dropIn = dropIn;
    }

    public Path dropIn() {
        return dropIn;
    }

    /** All bundles, in bundle-id order, as JSON-friendly maps. */
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> result = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            result.add(describe(b));
        }
        return result;
    }

    public Map<String, Object> describe(Bundle b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.getBundleId());
        m.put("symbolicName", b.getSymbolicName());
        m.put("version", b.getVersion().toString());
        m.put("state", stateName(b.getState()));
        m.put("plugin", isPlugin(b));
        m.put("location", b.getLocation());
        m.put("services", services(b));
        return m;
    }

    /** The services a bundle registers: LongScope kind and id where present, and the interfaces. */
    public static List<Map<String, Object>> services(Bundle b) {
        List<Map<String, Object>> result = new ArrayList<>();
        ServiceReference<?>[] refs = b.getState() == Bundle.UNINSTALLED ? null : b.getRegisteredServices();
        if (refs == null) {
            return result;
        }
        for (ServiceReference<?> ref : refs) {
            Map<String, Object> s = new LinkedHashMap<>();
            Object kind = ref.getProperty(ServiceProperties.KIND);
            Object id = ref.getProperty(ServiceProperties.ID);
            if (kind != null) {
                s.put("kind", String.valueOf(kind));
            }
            if (id != null) {
                s.put("id", String.valueOf(id));
            }
            s.put("interfaces", List.of((String[]) ref.getProperty(Constants.OBJECTCLASS)));
            result.add(s);
        }
        return result;
    }

    /** Whether the bundle came from the drop-in folder or an upload (and so may be removed). */
    public boolean isPlugin(Bundle b) {
        String location = b.getLocation();
        if (location.startsWith(UPLOAD_LOCATION)) {
            return true;
        }
        return dropIn != null && location.startsWith("file:")
                && location.contains(dropIn.toUri().getRawPath());
    }

    /**
     * Finds any bundle (core or plugin) by symbolic name or bundle id.
     *
     * @throws org.longscope.server.ApiException 404 listing the plugin ids available
     */
    public Bundle find(String id) {
        for (Bundle b : context.getBundles()) {
            if (id.equals(b.getSymbolicName()) || id.equals(Long.toString(b.getBundleId()))) {
                return b;
            }
        }
        return findPlugin(id);
    }

    /**
     * Finds a plugin by symbolic name, bundle id or drop-in file name.
     *
     * @throws org.longscope.server.ApiException 404 listing the plugin ids available
     */
    public Bundle findPlugin(String id) {
        for (Bundle b : context.getBundles()) {
            if (!isPlugin(b)) {
                continue;
            }
            String location = b.getLocation();
            if (id.equals(b.getSymbolicName()) || id.equals(Long.toString(b.getBundleId()))
                    || location.endsWith("/" + id) || location.equals(UPLOAD_LOCATION + id)) {
                return b;
            }
        }
        for (Bundle b : context.getBundles()) {
            if (id.equals(b.getSymbolicName()) || id.equals(Long.toString(b.getBundleId()))) {
                throw new org.longscope.server.ApiException(409, "core_bundle",
                        "'" + id + "' is part of the core bundle set and cannot be removed; plugins: " + pluginIds());
            }
        }
        throw org.longscope.server.ApiException.notFound(
                "unknown plugin id '" + id + "'; plugins available: " + pluginIds());
    }

    /** Symbolic names of the removable plugins. */
    public List<String> pluginIds() {
        List<String> ids = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (isPlugin(b)) {
                ids.add(b.getSymbolicName());
            }
        }
        return ids;
    }

    public static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }
}
