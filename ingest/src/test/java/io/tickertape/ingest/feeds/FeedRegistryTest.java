package io.tickertape.ingest.feeds;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeedRegistryTest {

    @Test
    void theDefaultListIsValidAndCoversTheNamedPublishers() {
        FeedRegistry defaults = FeedRegistry.defaults();
        assertThat(defaults.enabled()).hasSizeGreaterThanOrEqualTo(20);
        List<String> hosts = defaults.enabled().stream().map(f -> f.url().getHost()).toList();
        assertThat(hosts).contains("feeds.finance.yahoo.com", "www.sec.gov", "www.prnewswire.com", "www.globenewswire.com",
                "feed.businesswire.com", "www.nasdaq.com", "feeds.content.dowjones.io", "www.cnbc.com", "seekingalpha.com");
        assertThat(defaults.enabled()).filteredOn(f -> f.name().equals("yahoo-aapl")).singleElement()
                .satisfies(f -> assertThat(f.tickers()).containsExactly("AAPL"));
        assertThat(defaults.all()).anyMatch(f -> !f.enabled());
        assertThat(defaults.enabled()).allMatch(f -> f.url().getScheme().equals("https"));
    }

    @Test
    void readsYamlAndJsonWithDefaults(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("feeds.yaml");
        Files.writeString(yaml, """
                defaults: {interval: 2m}
                feeds:
                  - name: a
                    url: https://a.example/rss
                    tickers: [msft, $nvda]
                  - {name: b, url: "file:local/b.xml", interval: 15s, enabled: false}
                """);
        FeedRegistry registry = FeedRegistry.load(yaml);
        assertThat(registry.all()).hasSize(2);
        assertThat(registry.all().get(0).interval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(registry.all().get(0).tickers()).containsExactly("MSFT", "NVDA");
        assertThat(registry.all().get(1).url()).isEqualTo(dir.resolve("local/b.xml").toUri());
        assertThat(registry.enabled()).extracting(FeedDefinition::name).containsExactly("a");

        Path json = dir.resolve("feeds.json");
        Files.writeString(json, "{\"feeds\":[{\"name\":\"c\",\"url\":\"https://c.example/atom\",\"ticker\":\"AAPL\"}]}");
        assertThat(FeedRegistry.load(json).all().getFirst().interval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void mistakesAreReportedWithTheirPlace() {
        assertThatThrownBy(() -> FeedRegistry.parse("feeds: [{name: a, url: 'https://a.example', intervall: 5m}]", "f.yaml"))
                .hasMessageContaining("f.yaml: feeds[0]: unknown key 'intervall'");
        assertThatThrownBy(() -> FeedRegistry.parse("feeds: [{name: a}]", "f.yaml")).hasMessageContaining("'url' is required");
        assertThatThrownBy(() -> FeedRegistry.parse("feeds: [{name: a, url: 'javascript:x'}]", "f.yaml"))
                .hasMessageContaining("URL must be http, https or file");
        assertThatThrownBy(() -> FeedRegistry.parse("feeds: [{name: a, url: 'https://a.example', interval: soon}]", "f.yaml"))
                .hasMessageContaining("not a duration: 'soon'");
        assertThatThrownBy(() -> FeedRegistry.parse("feeds: [{name: a, url: 'https://a.example'}, {name: a, url: 'https://b.example'}]", "f.yaml"))
                .hasMessageContaining("duplicate feed name: a");
        assertThatThrownBy(() -> FeedRegistry.parse("feeds: [{name: a, url: 'https://a.example', ticker: 'not one'}]", "f.yaml"))
                .hasMessageContaining("not a ticker");
        assertThatThrownBy(() -> FeedRegistry.parse("- just a list", "f.yaml")).hasMessageContaining("expected a mapping");
    }
}
