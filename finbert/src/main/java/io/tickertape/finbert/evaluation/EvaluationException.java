package io.tickertape.finbert.evaluation;

/** Bad evaluation input (missing file, wrong header, unknown label); the message is one line. */
public class EvaluationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EvaluationException(String message) {
        super(message);
    }
}
