-- What happened after each signal: written by `tickertape outcomes update` (and by the digest before it builds),
-- recomputed while PENDING, frozen once CLOSED, GAP or DELISTED. The rules (day 0, signing, same-day touches)
-- are in docs/OUTCOMES.md; the code is io.tickertape.signals.outcomes.OutcomeCalculator.
--
-- Day 0 is the first trading session whose close (16:00 New York) is at or after the signal; every return is
-- close-to-close from day 0's close, so no outcome uses a price the signal could not have traded at.

CREATE TABLE signal_outcomes (
    signal_id             text             PRIMARY KEY REFERENCES signal_history (signal_id) ON DELETE CASCADE,
    status                text             NOT NULL CHECK (status IN ('PENDING', 'CLOSED', 'GAP', 'DELISTED')),
    base_date             date,                                  -- day 0; null until its close exists
    base_close            numeric(18, 6),
    sessions_seen         integer          NOT NULL DEFAULT 0,   -- sessions after day 0 with a bar, at most 20
    return_1d             double precision,                      -- signed by direction: a SELL that fell 2 % is +0.02
    return_5d             double precision,
    return_20d            double precision,
    benchmark             text             NOT NULL,             -- e.g. SPY
    benchmark_return_1d   double precision,                      -- the benchmark's own (long) return, same dates
    benchmark_return_5d   double precision,
    benchmark_return_20d  double precision,
    excess_1d             double precision,                      -- return_n - direction * benchmark_return_n
    excess_5d             double precision,
    excess_20d            double precision,
    exit_reason           text             CHECK (exit_reason IN ('TARGET', 'STOP', 'TIME')),
    exit_date             date,
    days_to_exit          integer,                               -- sessions from day 0 to the exit
    max_favourable        double precision,                      -- best signed excursion (highs/lows) up to the exit, >= 0
    max_adverse           double precision,                      -- worst signed excursion up to the exit, <= 0
    last_date             date,                                  -- the latest session seen, and its close
    last_close            numeric(18, 6),
    note                  text,                                  -- what is pending, or where the gap or delisting is
    computed_at           timestamptz      NOT NULL
);

-- `outcomes update` reads the pending ones; reports join on signal_history's signal_at.
CREATE INDEX signal_outcomes_pending_idx ON signal_outcomes (signal_id) WHERE status = 'PENDING';
