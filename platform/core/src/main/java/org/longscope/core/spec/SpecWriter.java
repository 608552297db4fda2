package org.longscope.core.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.longscope.api.kv.KvMethodSpec;
import org.longscope.api.spec.BenchmarkSpec;
import org.longscope.api.spec.EvaluationSettings;
import org.longscope.api.spec.ModelSpec;
import org.longscope.api.spec.RunSpec;
import org.longscope.core.json.Json;

/** Writes a {@link RunSpec} in the document format {@link SpecParser} reads, every default spelled out. */
public final class SpecWriter {
    private SpecWriter() {
    }

    public static ObjectNode toTree(RunSpec spec) {
        ObjectNode root = Json.object();
        root.put("name", spec.name());
        root.set("model", model(spec.model()));
        ArrayNode kv = root.putArray("kv");
        for (KvMethodSpec m : spec.kvMethods()) {
            ObjectNode o = kv.addObject();
            o.put("id", m.id());
            o.set("params", Json.MAPPER.valueToTree(m.params()));
        }
        ArrayNode benchmarks = root.putArray("benchmarks");
        for (BenchmarkSpec b : spec.benchmarks()) {
            ObjectNode o = benchmarks.addObject();
            o.put("id", b.id());
            o.set("tasks", Json.MAPPER.valueToTree(b.tasks()));
            o.set("lengths", Json.MAPPER.valueToTree(b.lengthsAsWritten()));
            o.put("samples", b.samples());
            o.put("seed", b.seed());
            o.set("params", Json.MAPPER.valueToTree(b.params()));
        }
        if (spec.judge() != null) {
            ObjectNode judge = root.putObject("judge");
            judge.put("id", spec.judge().id());
            judge.set("params", Json.MAPPER.valueToTree(spec.judge().params()));
            if (spec.judge().model() != null) {
                judge.set("model", model(spec.judge().model()));
            }
        }
        root.set("settings", settings(spec.settings()));
        root.put("concurrency", spec.concurrency());
        if (spec.shard() != null) {
            root.put("shard", spec.shard().toString());
        }
        return root;
    }

    private static ObjectNode model(ModelSpec model) {
        ObjectNode o = Json.object();
        if (model.backend() != null) {
            o.put("backend", model.backend());
        }
        o.put("ref", model.reference());
        o.set("options", Json.MAPPER.valueToTree(model.options()));
        return o;
    }

    public static ObjectNode settings(EvaluationSettings s) {
        ObjectNode o = Json.object();
        o.put("chat_template", s.chatTemplate());
        o.set("no_template_tasks", Json.MAPPER.valueToTree(s.noTemplateTasks()));
        o.put("truncation", s.truncation().name().toLowerCase(Locale.ROOT));
        o.put("max_length", s.maxLength());
        o.put("strip_thinking", s.stripThinking());
        o.put("temperature", s.decoding().temperature());
        o.put("top_k", s.decoding().topK());
        o.put("top_p", s.decoding().topP());
        o.put("seed", s.decoding().seed());
        o.set("template_vars", Json.MAPPER.valueToTree(s.templateVariables()));
        o.put("answer_boundary", s.answerBoundary());
        return o;
    }
}
