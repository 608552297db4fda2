package org.longscope.djl.backend;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtEngine;

/**
 * Starts DJL's PyTorch engine from the libraries on the class path (pytorch-native-cpu and
 * pytorch-jni, so nothing is downloaded). DJL looks up engines and native resources through the
 * thread's context class loader; inside OSGi that must be the loader of the wrapped DJL bundle.
 */
final class DjlEngine {
    static final String NAME = "PyTorch";

    private DjlEngine() {
    }

    static Engine pytorch() {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try {
            Thread.currentThread().setContextClassLoader(PtEngine.class.getClassLoader());
            return Engine.getEngine(NAME);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** The device of a {@code device} option: {@code cpu}, {@code gpu}, or {@code auto} (a GPU if the engine finds one). */
    static Device device(String option) {
        Engine engine = pytorch();
        return switch (option) {
            case "cpu" -> Device.cpu();
            case "gpu" -> Device.gpu();
            default -> engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        };
    }

    static NDManager newManager(Device device) {
        return pytorch().newBaseManager(device);
    }
}
