package org.longscope.djl.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.longscope.api.model.Completion;
import org.longscope.api.model.GenerationRequest;
import org.longscope.api.model.LanguageModel;
import org.longscope.api.model.ModelRef;
import org.longscope.kv.core.full.FullPolicy;
import org.longscope.nativeengine.backend.NativeBackend;
import org.longscope.nativeengine.model.GgmlType;
import org.longscope.nativeengine.synth.ModelShape;
import org.longscope.nativeengine.synth.SyntheticModels;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

/**
 * Boots Felix with SCR, Jackson, the API, the two DJL wraps and this bundle: every bundle resolves,
 * the {@code djl} backend service registers, and inside the container it opens a checkpoint, finds
 * the PyTorch engine and its native libraries in the wrap (offline) and generates the same text as
 * the native engine on the same weights.
 */
class DjlBackendFelixIT {
    @TempDir
    Path tmp;

    @Test
    void djlBackendRunsInsideFelix() throws Exception {
        Path model = SyntheticModels.write(SyntheticModels.Request.of(ModelShape.TINY_QWEN2, GgmlType.F32,
                SyntheticModels.Format.HF, tmp.resolve("tiny-qwen2"), 5));
        // the same weights as GGUF, run by the native engine with its pure-Java tokenizer: no DJL native
        // library is loaded outside Felix (a JNI library binds to one class loader per JVM)
        Path gguf = SyntheticModels.write(SyntheticModels.Request.of(ModelShape.TINY_QWEN2, GgmlType.F32,
                SyntheticModels.Format.GGUF, tmp.resolve("tiny-qwen2.gguf"), 5));
        GenerationRequest request = GenerationRequest.ofPrompt("Once upon a time", 12);
        NativeBackend nativeBackend = new NativeBackend();
        nativeBackend.addPolicy(new FullPolicy(), Map.of("longscope.id", "full"));
        String expected;
        try (LanguageModel m = nativeBackend.open(new ModelRef(gguf.toString()), Map.of("threads", 1))) {
            expected = m.generate(request).text();
        }

        // the API and slf4j come from the class path through the system bundle, so the test can call the
        // service; the API's packages at the versions its jar exports
        String apiExports;
        try (var api = new java.util.jar.JarFile(System.getProperty("bundle.api"))) {
            apiExports = api.getManifest().getMainAttributes().getValue("Export-Package");
        }
        Framework felix = new FrameworkFactory().newFramework(Map.of(
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.slf4j;version=2.0.17," + apiExports,
                Constants.FRAMEWORK_STORAGE, tmp.resolve("felix").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        felix.start();
        try {
            BundleContext context = felix.getBundleContext();
            List<Bundle> bundles = new ArrayList<>();
            for (String key : List.of("bundle.function", "bundle.promise", "bundle.component", "bundle.scr",
                    "bundle.jacksonAnnotations", "bundle.jacksonCore", "bundle.jacksonDatabind",
                    "bundle.djlPytorch", "bundle.djlTokenizers", "bundle.backend")) {
                String path = System.getProperty(key);
                assertNotNull(path, key);
                bundles.add(context.installBundle(Path.of(path).toUri().toString()));
            }
            for (Bundle b : bundles) {
                b.start();
                assertEquals(Bundle.ACTIVE, b.getState(), b.getSymbolicName());
            }
            ServiceReference<?>[] refs = null;
            for (int i = 0; i < 100 && refs == null; i++) {
                refs = context.getServiceReferences("org.longscope.api.model.ModelBackend", "(longscope.id=djl)");
                if (refs == null) {
                    Thread.sleep(100);
                }
            }
            assertNotNull(refs, "the djl backend service registers");
            org.longscope.api.model.ModelBackend backend = (org.longscope.api.model.ModelBackend) context.getService(refs[0]);
            try (LanguageModel m = backend.open(new ModelRef(model.toString()), Map.of("device", "cpu"))) {
                Completion c = m.generate(request);
                assertEquals(expected, c.text());
                assertEquals(false, m.info().acceptsKvMethods());
            }
        } finally {
            felix.stop();
            felix.waitForStop(10_000);
        }
    }
}
