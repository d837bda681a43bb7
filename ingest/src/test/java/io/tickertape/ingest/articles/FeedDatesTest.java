package io.tickertape.ingest.articles;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FeedDatesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Fri, 14 Aug 2026 02:51:17 GMT        | 2026-08-14T02:51:17Z",
            "Fri, 14 Aug 2026 02:51 GMT           | 2026-08-14T02:51:00Z",
            "14 Aug 2026 02:51:17 +0000           | 2026-08-14T02:51:17Z",
            "Fri, 14 Aug 2026 03:51:17 -0400      | 2026-08-14T07:51:17Z",
            "Fri, 14 Aug 2026 03:51:17 -04:00     | 2026-08-14T07:51:17Z",
            "Thu, 23 Jan 2025 19:00:00 EST        | 2025-01-24T00:00:00Z",
            "Sun, 08 Mar 2026 07:23:46 PDT        | 2026-03-08T14:23:46Z",
            "Fri, 14 Aug 26 02:51:17 GMT          | 2026-08-14T02:51:17Z",
            "Friday, 14 August 2026 02:51:17 UT   | 2026-08-14T02:51:17Z",
            "Fri, 4 Aug 2026 2:05:09 Z            | 2026-08-04T02:05:09Z",
            "Fri,  14  Aug  2026  02:51:17  GMT   | 2026-08-14T02:51:17Z",
            "Fri, 14 Aug 2026 02:51:17            | 2026-08-14T02:51:17Z",
            "2026-08-12T22:17:00Z                 | 2026-08-12T22:17:00Z",
            "2026-08-12T22:17:00.123456Z          | 2026-08-12T22:17:00.123456Z",
            "2021-04-29T16:45:49-04:00            | 2021-04-29T20:45:49Z",
            "2021-04-29T16:45:49+0530             | 2021-04-29T11:15:49Z",
            "2026-08-14 07:54:20                  | 2026-08-14T07:54:20Z",
            "2026-08-14T07:54                     | 2026-08-14T07:54:00Z",
            "2026-08-14                           | 2026-08-14T00:00:00Z",
    })
    void readsTheFormatsFeedsUse(String text, String expected) {
        assertThat(FeedDates.parse(text)).contains(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "yesterday", "32 Foo 2026 10:00 GMT", "2026-13-45T99:00:00Z", "Fri, 14 Aug 2026 25:61:00 GMT",
            "Fri, 14 Aug 2026 02:51:17 XYZ"})
    void refusesWhatItCannotRead(String text) {
        assertThat(FeedDates.parse(text)).isEmpty();
    }
}
