package org.longscope.core.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.objects.date.StrftimeFormatter;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jinjava.javax.el.CompositeELResolver;
import org.longscope.api.InvalidInputException;
import org.longscope.api.model.ChatMessage;

/**
 * A model's chat template, rendered like Hugging Face {@code apply_chat_template}: Jinja with
 * {@code trim_blocks} and {@code lstrip_blocks}, the variables {@code messages},
 * {@code add_generation_prompt}, {@code bos_token}, {@code eos_token} plus any extra ones (such as
 * {@code enable_thinking}), the functions {@code raise_exception} and {@code strftime_now}, and the
 * Python string methods templates call. Immutable and thread-safe.
 */
public final class ChatTemplate {

    private static final Jinjava JINJAVA = createJinjava();

    private final String source;
    private final String jinjavaSource;

    private ChatTemplate(String source) {
        this.source = source;
        this.jinjavaSource = TemplateSyntax.normalize(source);
    }

    /** A template from its Jinja source (as found in {@code tokenizer_config.json}'s {@code chat_template}). */
    public static ChatTemplate of(String source) {
        if (source == null || source.isBlank()) {
            throw new InvalidInputException("chat_template", "expected a Jinja template, got an empty one");
        }
        return new ChatTemplate(source);
    }

    public String source() {
        return source;
    }

    /**
     * Renders a conversation.
     *
     * @param messages            the turns
     * @param addGenerationPrompt whether to end with the header of the assistant's turn
     * @param bosToken            beginning-of-sequence text, or {@code null} (rendered as empty)
     * @param eosToken            end-of-sequence text, or {@code null}
     * @param variables           extra template variables (e.g. {@code enable_thinking=false})
     * @throws InvalidInputException when the template raises an exception or cannot be rendered,
     *                               naming what went wrong
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, String bosToken, String eosToken,
            Map<String, Object> variables) {
        Map<String, Object> bindings = new HashMap<>(variables == null ? Map.of() : variables);
        List<Map<String, Object>> turns = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            Map<String, Object> turn = new LinkedHashMap<>();
            turn.put("role", m.role());
            turn.put("content", m.content());
            turns.add(turn);
        }
        bindings.put("messages", turns);
        bindings.put("add_generation_prompt", addGenerationPrompt);
        bindings.put("bos_token", bosToken == null ? "" : bosToken);
        bindings.put("eos_token", eosToken == null ? "" : eosToken);
        RenderResult result;
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        thread.setContextClassLoader(ChatTemplate.class.getClassLoader());
        try {
            result = JINJAVA.renderForResult(jinjavaSource, bindings);
        } catch (RuntimeException e) {
            throw new InvalidInputException("chat_template", "cannot render: " + rootMessage(e), e);
        } finally {
            thread.setContextClassLoader(caller);
        }
        List<TemplateError> fatal = result.getErrors().stream()
                .filter(err -> err.getSeverity() == TemplateError.ErrorType.FATAL)
                .toList();
        if (!fatal.isEmpty()) {
            throw new InvalidInputException("chat_template", fatal.stream()
                    .map(err -> "line " + err.getLineno() + ": " + errorMessage(err))
                    .collect(Collectors.joining("; ")));
        }
        return result.getOutput();
    }

    /** Renders a single user message followed by the generation prompt. */
    public String renderUser(String content, String bosToken, String eosToken, Map<String, Object> variables) {
        return render(List.of(ChatMessage.user(content)), true, bosToken, eosToken, variables);
    }

    private static String errorMessage(TemplateError err) {
        Throwable cause = err.getException();
        return cause != null ? rootMessage(cause) : err.getMessage();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            if (t instanceof TemplateRaisedException) {
                break;
            }
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /**
     * Jinjava's expression factory loads its classes through the thread's context class loader;
     * inside OSGi that is not this bundle's, so it is set for the construction (and each render).
     */
    private static Jinjava createJinjava() {
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        thread.setContextClassLoader(ChatTemplate.class.getClassLoader());
        try {
            return newJinjava();
        } finally {
            thread.setContextClassLoader(caller);
        }
    }

    private static Jinjava newJinjava() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonStringMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_WRITE);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(false) // applied by TemplateSyntax with Jinja2's rule
                .withElResolver(resolver)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUseNaturalOperatorPrecedence(true)
                        .withParseWhitespaceControlStrictly(true)
                        .withUseTrimmingForNotesAndExpressions(true)
                        .withKeepNullableLoopValues(true)
                        .build())
                .build();
        Jinjava jinjava = new Jinjava(config);
        jinjava.registerFunction(new ELFunctionDefinition("", "raise_exception", ChatTemplate.class,
                "raiseException", String.class));
        jinjava.registerFunction(new ELFunctionDefinition("", "strftime_now", ChatTemplate.class,
                "strftimeNow", String.class));
        return jinjava;
    }

    /** {@code raise_exception(message)}: templates call it to refuse a conversation. */
    public static Object raiseException(String message) {
        throw new TemplateRaisedException(message);
    }

    /** {@code strftime_now(format)}: the current local time in Python's strftime format. */
    public static String strftimeNow(String format) {
        return StrftimeFormatter.format(ZonedDateTime.now(), format);
    }

    /** What {@code raise_exception} throws. */
    static final class TemplateRaisedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TemplateRaisedException(String message) {
            super("template raised: " + message);
        }
    }
}
