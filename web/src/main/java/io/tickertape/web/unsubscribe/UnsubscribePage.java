package io.tickertape.web.unsubscribe;

/**
 * The unsubscribe page: the confirmation form (with the URL it posts to) or the "done" message.
 */
public record UnsubscribePage(boolean done, String action) {
}
