package io.tickertape.web.http;

/**
 * A request the service refuses on purpose, with the status and the one line the client sees. Handlers throw it;
 * {@link ErrorResponses} turns it into a response. The message is fixed text, never the input.
 */
public final class HttpProblem extends RuntimeException {

    private final int status;

    public HttpProblem(int status, String message) {
        super(message, null, false, false); // no stack trace: this is an answer, not a fault
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static HttpProblem badRequest(String message) {
        return new HttpProblem(400, message);
    }

    public static HttpProblem notFound() {
        return new HttpProblem(404, "not found");
    }

    public static HttpProblem tooLarge(int limit) {
        return new HttpProblem(413, "request body over " + limit + " bytes");
    }

    public static HttpProblem unsupportedMediaType(String expected) {
        return new HttpProblem(415, "content type must be " + expected);
    }

    public static HttpProblem unavailable(String message) {
        return new HttpProblem(503, message);
    }
}
