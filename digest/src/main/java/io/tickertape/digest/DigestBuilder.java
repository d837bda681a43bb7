package io.tickertape.digest;

import io.tickertape.digest.charts.SignalCharts;
import io.tickertape.digest.delivery.EmailComposer;
import io.tickertape.digest.rendering.DigestContent;
import io.tickertape.digest.rendering.DigestModels;
import io.tickertape.digest.rendering.DigestRenderer;
import io.tickertape.digest.rendering.InlineImage;
import io.tickertape.digest.rendering.RenderSettings;
import io.tickertape.digest.trackrecord.TrackRecordSection;
import io.tickertape.signals.fusion.Signal;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Signals to content (model and charts, once per digest) and content to a message (once per recipient). Used by
 * the scheduled run, the alerts and the previews alike, so all three look the same.
 */
public final class DigestBuilder {

    private final DigestModels models;
    private final DigestRenderer renderer;
    private final SignalCharts charts;
    private final EmailComposer composer = new EmailComposer();
    private final TrackRecordSection trackRecord;

    public DigestBuilder(RenderSettings render, SignalCharts charts, DigestRenderer renderer) {
        this(render, charts, renderer, null);
    }

    /** @param trackRecord the digest's "Track record" section, or null to leave it out */
    public DigestBuilder(RenderSettings render, SignalCharts charts, DigestRenderer renderer,
                         TrackRecordSection trackRecord) {
        this.models = new DigestModels(render);
        this.renderer = renderer;
        this.charts = charts;
        this.trackRecord = trackRecord;
    }

    /** The digest for {@code date} over [windowStart, windowEnd): charts are drawn here. */
    public DigestContent digest(LocalDate date, Instant windowStart, Instant windowEnd, List<Signal> signals, int total) {
        Map<String, InlineImage> images = signals.isEmpty() ? Map.of() : charts.charts(signals);
        DigestContent content = new DigestContent(models.digest(date, windowStart, windowEnd, signals, total, cids(images)),
                new ArrayList<>(images.values()));
        if (trackRecord == null) {
            return content;
        }
        TrackRecordSection.Built built = trackRecord.build(windowStart, windowEnd);
        return content.withTrackRecord(built.view(), built.chart());
    }

    /** The same digest, marked as sent at {@code sent} although it was due at {@code due}. */
    public DigestContent late(DigestContent content, Instant due, Instant sent) {
        return content.withLateNotice(models.lateNotice(due, sent));
    }

    /** An alert for one signal, timed {@code now}. */
    public DigestContent alert(Signal signal, Instant now) {
        Map<String, InlineImage> images = charts.charts(List.of(signal));
        return new DigestContent(models.alert(signal, now, cids(images)), new ArrayList<>(images.values()));
    }

    /** The rendered parts for one recipient (unsubscribe link set), fitted to the HTML budget. */
    public DigestRenderer.RenderedEmail render(DigestContent content) {
        return renderer.render(content.model());
    }

    public MimeMessage message(Session session, DigestContent content, EmailComposer.Envelope envelope)
            throws MessagingException {
        return composer.compose(session, envelope, render(content.withUnsubscribeUrl(envelope.unsubscribeUrl())),
                content.images());
    }

    private static Map<String, String> cids(Map<String, InlineImage> images) {
        Map<String, String> out = new HashMap<>();
        images.forEach((signalId, image) -> out.put(signalId, image.contentId()));
        return out;
    }
}
