package io.tickertape.web.signals;

import java.util.List;

/** The list page: the filters as given, one page of rows, and the links to the neighbouring pages. */
public record SignalListPage(SignalFilter filter, List<Row> rows, String previousHref, String nextHref) {

    /** One row, formatted. */
    public record Row(String href, String when, String ticker, String direction, boolean buy, String score,
                      String confidence, String headline) {
    }
}
