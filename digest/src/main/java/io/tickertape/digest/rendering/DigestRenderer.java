package io.tickertape.digest.rendering;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders a {@link DigestModel} to HTML and to plain text with the templates in {@code src/main/jte}, compiled to
 * Java at build time (jte-maven-plugin). The HTML engine escapes every {@code ${...}} for its context; the text
 * engine writes values as they are, which is safe because {@link SafeText} has already made them single lines.
 *
 * <p>The HTML has a byte budget (default {@value #DEFAULT_HTML_BUDGET}, under the ~102 KB at which Gmail clips a
 * message). When a model would exceed it, indicator reasons are dropped first, then the weakest signals, which the
 * email then counts as "not shown". Both parts are rendered from the model that fits, so they always agree.
 * Thread-safe.
 */
public final class DigestRenderer {

    public static final int DEFAULT_HTML_BUDGET = 100_000;

    private static final String HTML_PACKAGE = "io.tickertape.digest.rendering.generated.html";
    private static final String TEXT_PACKAGE = "io.tickertape.digest.rendering.generated.text";
    private static final String TEMPLATE = "digest.jte";

    private final TemplateEngine html;
    private final TemplateEngine text;
    private final int htmlBudget;

    public DigestRenderer() {
        this(DEFAULT_HTML_BUDGET);
    }

    /** @param htmlBudget the most UTF-8 bytes the HTML part may have, images excluded */
    public DigestRenderer(int htmlBudget) {
        if (htmlBudget < 4_000) {
            throw new IllegalArgumentException("htmlBudget too small to hold even one signal: " + htmlBudget);
        }
        ClassLoader loader = DigestRenderer.class.getClassLoader();
        this.html = TemplateEngine.createPrecompiled(null, ContentType.Html, loader, HTML_PACKAGE);
        this.text = TemplateEngine.createPrecompiled(null, ContentType.Plain, loader, TEXT_PACKAGE);
        this.htmlBudget = htmlBudget;
    }

    /** Both parts, from the largest version of {@code model} that fits the budget. */
    public RenderedEmail render(DigestModel model) {
        String h = html(model);
        DigestModel fitted = model;
        if (bytes(h) > htmlBudget) {
            fitted = model.withSignals(model.signals().stream().map(SignalView::withoutReasons).toList());
            h = html(fitted);
        }
        // Each signal costs about the same: estimate how many fit, then step down until the page does.
        List<SignalView> all = fitted.signals();
        int keep = all.size();
        for (int attempt = 0; bytes(h) > htmlBudget && keep > 0 && attempt < 64; attempt++) {
            int size = bytes(h);
            int estimate = (int) ((long) keep * htmlBudget / size);
            keep = Math.max(0, Math.min(keep - 1, estimate));
            fitted = fitted.withSignals(all.subList(0, keep));
            h = html(fitted);
        }
        return new RenderedEmail(fitted, h, text(fitted));
    }

    public String html(DigestModel model) {
        StringOutput out = new StringOutput(32 * 1024);
        html.render(TEMPLATE, model, out);
        return out.toString();
    }

    public String text(DigestModel model) {
        StringOutput out = new StringOutput(8 * 1024);
        text.render(TEMPLATE, model, out);
        return out.toString();
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The two parts and the model they were rendered from (which may show fewer signals than asked for). */
    public record RenderedEmail(DigestModel model, String html, String text) {
        public int htmlBytes() {
            return bytes(html);
        }
    }
}
