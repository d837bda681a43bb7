package io.tickertape.digest.rendering;

import java.util.List;

/**
 * Everything one email shows, for both the HTML and the text template: one model, two renderings, so the two
 * parts cannot disagree.
 *
 * @param kind            a digest or an immediate alert
 * @param brand           product name shown above the heading
 * @param subject         the Subject line (already safe for a header)
 * @param heading         the big line at the top, e.g. "Daily signals"
 * @param dateLabel       e.g. "Saturday, November 21, 2026"
 * @param windowLabel     which signals these are, e.g. "New since Fri, Nov 20, 6:30 AM MST"
 * @param preheader       the one-line summary inbox previews show
 * @param totalSignals    signals in the window; more than {@code signals().size()} when capped
 * @param signals         the signals shown, strongest first
 * @param unsubscribeUrl  the recipient's one-click unsubscribe link, or null in previews without one
 * @param footerNote      the small print: what the numbers mean and that this is not investment advice
 * @param lateNotice      shown under the heading when the digest went out well after its time, else null
 * @param trackRecord     how earlier signals did (digests only; null in alerts and where outcomes are not read)
 */
public record DigestModel(
        Kind kind,
        String brand,
        String subject,
        String heading,
        String dateLabel,
        String windowLabel,
        String preheader,
        int totalSignals,
        List<SignalView> signals,
        String unsubscribeUrl,
        String footerNote,
        String lateNotice,
        TrackRecordView trackRecord) {

    public enum Kind { DIGEST, ALERT }

    public DigestModel {
        signals = List.copyOf(signals);
    }

    public boolean empty() {
        return signals.isEmpty();
    }

    /** Signals in the window that did not fit under the cap. */
    public int omitted() {
        return Math.max(0, totalSignals - signals.size());
    }

    public boolean alert() {
        return kind == Kind.ALERT;
    }

    /** The same email with other signals (used to fit the size budget); the total stays. */
    public DigestModel withSignals(List<SignalView> fewer) {
        return new DigestModel(kind, brand, subject, heading, dateLabel, windowLabel, preheader, totalSignals, fewer,
                unsubscribeUrl, footerNote, lateNotice, trackRecord);
    }

    /** The same email for another recipient. */
    public DigestModel withUnsubscribeUrl(String url) {
        return new DigestModel(kind, brand, subject, heading, dateLabel, windowLabel, preheader, totalSignals, signals, url,
                footerNote, lateNotice, trackRecord);
    }

    /** The same email, saying it is late and why the reader should read the times with that in mind. */
    public DigestModel withLateNotice(String notice) {
        return new DigestModel(kind, brand, subject, heading, dateLabel, windowLabel, preheader, totalSignals, signals,
                unsubscribeUrl, footerNote, notice, trackRecord);
    }

    /** The same email with its track record section. */
    public DigestModel withTrackRecord(TrackRecordView view) {
        return new DigestModel(kind, brand, subject, heading, dateLabel, windowLabel, preheader, totalSignals, signals,
                unsubscribeUrl, footerNote, lateNotice, view);
    }
}
