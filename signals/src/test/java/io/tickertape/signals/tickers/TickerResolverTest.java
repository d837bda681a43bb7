package io.tickertape.signals.tickers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TickerResolverTest {

    private static final TickerResolver RESOLVER = TickerResolver.loadDefault();

    private static List<String> symbols(String title) {
        return RESOLVER.resolve(title, null, List.of()).stream().map(TickerMatch::symbol).toList();
    }

    @ParameterizedTest(name = "{0} -> [{1}]")
    @CsvSource(delimiter = '|', textBlock = """
            Tesla shares jump after record deliveries                        | TSLA
            Google unveils new Pixel phones                                   | GOOGL
            Facebook faces new privacy probe in Europe                        | META
            Meta Platforms to cut 10,000 jobs                                 | META
            Apple unveils new iPhone with better camera                       | AAPL
            Apple's iPhone sales slow in China                                | AAPL
            Apple’s services revenue hits record                              | AAPL
            Target beats estimates as shoppers return                         | TGT
            Ford recalls 100,000 trucks over brake problem                    | F
            Amazon to hire 100,000 warehouse workers                          | AMZN
            Dow Inc raises dividend                                           | DOW
            Ford Motor (NYSE: F) names new finance chief                      | F
            $F rallies after strong truck sales                               | F
            Traders pile into NYSE:F ahead of earnings                        | F
            AT&T to sell stake in DirecTV                                     | T
            Citigroup fined over risk controls                                | C
            Visa Inc. profit beats forecasts                                  | V
            Exxon Mobil and Chevron report higher profits                     | CVX,XOM
            Wal-Mart to test drone deliveries                                 | WMT
            Procter & Gamble raises prices                                    | PG
            UPDATE 2-Boeing wins order for 50 jets                            | BA
            BRIEF-Apple Inc Says Supplier Meeting Set                         | AAPL
            Nvidia (NASDAQ: NVDA) beats on data-center demand                 | NVDA
            JPMorgan and Goldman Sachs lead bond sale                         | GS,JPM
            Priceline shares slide on weak hotel bookings                     | BKNG
            """)
    void findsTheCompany(String title, String expected) {
        assertThat(symbols(title)).containsExactlyInAnyOrder(expected.split(","));
    }

    @ParameterizedTest(name = "{0} -> nothing")
    @CsvSource(delimiter = '|', textBlock = """
            Analyst raises price target on shares of a retailer
            Recipe: the best apple pie for autumn
            Harrison Ford stars in a new adventure film
            Fires spread across the Amazon rainforest
            Dow Jones Industrial Average falls 500 points
            The Dow ends lower as yields climb
            New visa rules for students announced
            Grade F for the city's budget plan
            T cells and the immune response
            Pineapple prices rise on poor harvest
            Central bank misses its inflation target again
            Shell companies used to hide assets, report says
            Total revenue across the sector fell 3 percent
            """)
    void rejectsTheOrdinaryMeaning(String title) {
        assertThat(symbols(title)).isEmpty();
    }

    @Test
    void oneLetterTickersCountOnlyThroughCashtagsExchangePatternsOrNames() {
        assertThat(symbols("V is for victory, C is for courage, T is for trust")).isEmpty();
        assertThat(symbols("Shares of C and V rose")).isEmpty();
        assertThat(symbols("Buying $C and $V today")).containsExactlyInAnyOrder("C", "V");
        assertThat(symbols("Citigroup (NYSE: C) and Visa (NYSE:V) rally")).containsExactlyInAnyOrder("C", "V");
    }

    @Test
    void titleCaseHeadlinesNeedCorroborationForCommonWords() {
        // Benzinga-style title case: every word is capitalised, so "Apple" could be the fruit.
        assertThat(symbols("Why Apple Orchards Are Booming This Fall In Upstate Valleys")).isEmpty();
        assertThat(symbols("Apple Shares Are Trading Higher After Strong Quarter")).containsExactly("AAPL");
        assertThat(symbols("Morgan Stanley Maintains Overweight Rating For Target, Raises Price Target To $150"))
                .containsExactlyInAnyOrder("MS", "TGT");
    }

    @Test
    void titleMentionsOutrankSummaryMentionsAndRelevanceIsBounded() {
        List<TickerMatch> matches = RESOLVER.resolve("Tesla cuts prices in China",
                "The move pressures rivals such as Ford and General Motors. Tesla said demand was strong.",
                List.of());
        assertThat(matches).extracting(TickerMatch::symbol).containsExactly("TSLA", "F", "GM");
        TickerMatch tesla = matches.getFirst();
        assertThat(tesla.name()).isEqualTo("Tesla, Inc.");
        assertThat(tesla.matched()).isEqualTo("Tesla");
        assertThat(tesla.relevance()).isBetween(0.8, 1.0);
        assertThat(matches.get(1).relevance()).isLessThan(0.5);
        assertThat(matches).allSatisfy(m -> assertThat(m.relevance()).isBetween(0.0, 1.0));

        double once = RESOLVER.resolve("Nvidia results due", null, List.of()).getFirst().relevance();
        double twice = RESOLVER.resolve("Nvidia results due", "Nvidia is expected to beat.", List.of())
                .getFirst().relevance();
        double late = RESOLVER.resolve("Chipmakers rally as investors bet on a rebound led by Nvidia", null,
                List.of()).getFirst().relevance();
        assertThat(twice).isGreaterThan(once);
        assertThat(late).isLessThan(once);
    }

    @Test
    void feedHintsAddKnownTickersOnly() {
        List<TickerMatch> hinted = RESOLVER.resolve("Quarterly results beat expectations", null,
                List.of("aapl", "NOPE1"));
        assertThat(hinted).extracting(TickerMatch::symbol).containsExactly("AAPL");
        assertThat(hinted.getFirst().relevance()).isEqualTo(0.5);
        // Share classes resolve to the company's primary symbol.
        assertThat(RESOLVER.resolve("Alphabet ($GOOG) jumps", null, List.of()))
                .extracting(TickerMatch::symbol).containsExactly("GOOGL");
    }

    @Test
    void nullAndEmptyTextsAreFine() {
        assertThat(RESOLVER.resolve(null, null, null)).isEmpty();
        assertThat(RESOLVER.resolve("", "", List.of())).isEmpty();
        assertThat(RESOLVER.size()).isGreaterThan(4_000);
    }
}
