package io.tickertape.web.pages;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/**
 * The service's HTML, rendered from templates compiled at build time (web/src/main/jte). The Html content type
 * escapes every {@code ${...}} for where it stands (text or attribute), so no handler builds markup by hand.
 */
public final class Pages {

    static final String PACKAGE = "io.tickertape.web.pages.generated";

    private final TemplateEngine engine =
            TemplateEngine.createPrecompiled(null, ContentType.Html, Pages.class.getClassLoader(), PACKAGE);

    public String render(String template, Object model) {
        StringOutput out = new StringOutput(8 * 1024);
        engine.render(template, model, out);
        return out.toString();
    }

    public String error(int status, String message) {
        return render("error.jte", new ErrorPage(status, message));
    }

    /** What an error page shows: the status and a fixed one-line message. */
    public record ErrorPage(int status, String message) {
    }
}
