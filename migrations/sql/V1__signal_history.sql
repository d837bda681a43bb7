-- Every signal the pipeline ever emitted, and the 7-day dedupe that decides whether a new one may be emitted.
--
-- Dedupe is race-free by construction: signal_dedupe has one row per (ticker, scope). A writer claims the slot with
--   INSERT ... ON CONFLICT (ticker, scope) DO UPDATE ... WHERE last_signal_at <= excluded.last_signal_at - window
-- which takes the row lock, so of N concurrent writers exactly one sees a returned row; the others see none and
-- know their signal is a duplicate. The history row is written in the same transaction.
-- scope is the direction (BUY/SELL) when deduping per ticker and direction, or ANY when deduping per ticker.

CREATE TABLE signal_dedupe (
    ticker          text        NOT NULL,
    scope           text        NOT NULL CHECK (scope IN ('BUY', 'SELL', 'ANY')),
    last_signal_at  timestamptz NOT NULL,
    last_signal_id  text        NOT NULL,
    PRIMARY KEY (ticker, scope)
);

CREATE TABLE signal_history (
    signal_id        text             PRIMARY KEY,          -- deterministic: hash(article_id, ticker, direction); replays map to the same key
    ticker           text             NOT NULL,
    company          text,
    direction        text             NOT NULL CHECK (direction IN ('BUY', 'SELL')),
    signal_at        timestamptz      NOT NULL,             -- the time the 7-day window is measured from
    created_at       timestamptz      NOT NULL DEFAULT now(),
    article_id       text             NOT NULL,
    headline         text             NOT NULL,
    link             text,
    source           text,
    published_at     timestamptz      NOT NULL,
    score            double precision NOT NULL,             -- combined: w_s * sentiment + w_t * technical
    sentiment_score  double precision NOT NULL,
    technical_score  double precision NOT NULL,
    confidence       double precision NOT NULL,
    relevance        double precision NOT NULL,
    model_version    text             NOT NULL,
    price            numeric(18, 6)   NOT NULL,
    price_at         timestamptz      NOT NULL,
    currency         text,
    entry_price      numeric(18, 6)   NOT NULL,
    stop_price       numeric(18, 6)   NOT NULL,
    target_price     numeric(18, 6)   NOT NULL,
    details          jsonb            NOT NULL DEFAULT '{}'::jsonb  -- indicator explanations, label probabilities
);

-- The digest reads "signals since the last digest, strongest first".
CREATE INDEX signal_history_created_at_idx ON signal_history (created_at);
CREATE INDEX signal_history_ticker_signal_at_idx ON signal_history (ticker, signal_at DESC);
CREATE INDEX signal_history_article_idx ON signal_history (article_id);
