package io.tickertape.finbert.bench;

import java.util.List;

/** Headline-length financial texts (written for the benchmark; ~10-25 tokens each). */
final class Headlines {
    private Headlines() {}

    static final List<String> LIST = List.of(
            "Apple shares rise after record iPhone sales beat expectations",
            "Oil prices slide as OPEC output climbs for a third month",
            "Tesla recalls 120,000 vehicles over seat belt issue",
            "Goldman Sachs upgrades Nvidia to buy, raises price target to $650",
            "Bank of England holds rates steady, signals cuts later this year",
            "Retailer files for Chapter 11 bankruptcy protection after sales slump",
            "Microsoft to acquire gaming studio in $2 billion deal",
            "Euro zone inflation eases to 2.4% in November",
            "Boeing deliveries fall short as supply chain problems persist",
            "Amazon opens new logistics hub in Texas",
            "Pfizer cuts full-year revenue forecast on weaker COVID sales",
            "JPMorgan quarterly profit jumps 35% on higher interest income",
            "Chipmaker warns of inventory glut, shares tumble 12%",
            "Company appoints new chief financial officer effective January 1",
            "Netflix subscriber growth beats estimates, stock soars after hours",
            "Regulators fine bank $400 million over risk management failures",
            "Gold steadies near record high as dollar weakens",
            "Airline reports first annual profit since the pandemic",
            "Factory orders decline for second straight month",
            "Startup raises $150 million in Series C funding round",
            "Coca-Cola to cut 4,000 jobs in restructuring plan",
            "Shares of Meta hit 52-week high on advertising rebound",
            "Moody's downgrades outlook on US sovereign credit to negative",
            "Ford says EV unit lost $1.3 billion in the quarter",
            "Walmart raises annual guidance as grocery sales strengthen",
            "Annual general meeting to be held in Helsinki on 15 March",
            "Copper demand from China expected to stay flat next year",
            "Activist investor takes 5% stake in industrial conglomerate",
            "Intel delays new factory in Ohio amid weak demand",
            "Dividend raised by 10% after strong cash flow",
            "Court blocks proposed merger of two grocery chains",
            "Analysts expect earnings of $1.20 per share on revenue of $4.5 billion");
}
