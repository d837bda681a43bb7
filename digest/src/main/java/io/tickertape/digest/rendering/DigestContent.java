package io.tickertape.digest.rendering;

import java.util.List;

/** A model and the images its HTML refers to: everything needed to build the message for any recipient. */
public record DigestContent(DigestModel model, List<InlineImage> images) {
    public DigestContent {
        images = List.copyOf(images);
    }

    public DigestContent withLateNotice(String notice) {
        return new DigestContent(model.withLateNotice(notice), images);
    }

    /** The same content with the track record section and its chart, if any. */
    public DigestContent withTrackRecord(TrackRecordView view, InlineImage chart) {
        List<InlineImage> all = new java.util.ArrayList<>(images);
        if (chart != null) {
            all.add(chart);
        }
        return new DigestContent(model.withTrackRecord(view), all);
    }

    public DigestContent withUnsubscribeUrl(String url) {
        return new DigestContent(model.withUnsubscribeUrl(url), images);
    }
}
