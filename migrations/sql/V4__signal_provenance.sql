-- Who made each signal and how it relates to the ones before it (signal schema 2):
--   strategy     the SignalStrategy ("fusion", "trend-confirmed", "technical-only")
--   scorer       what scored the sentiment: model, lexicon (the rollback word list) or technical (none)
--   arm          "experiment/arm" when `run --experiment` assigned the ticker to an arm
--   shadow       a shadow arm's signal: recorded and measured, never mailed
--   reversal_of  the earlier, opposite signal of the same ticker that this one reverses inside the dedupe window
-- Rows written before this migration are the default strategy and the model, outside any experiment.
ALTER TABLE signal_history
    ADD COLUMN strategy    text    NOT NULL DEFAULT 'fusion',
    ADD COLUMN scorer      text    NOT NULL DEFAULT 'model',
    ADD COLUMN arm         text,
    ADD COLUMN shadow      boolean NOT NULL DEFAULT false,
    ADD COLUMN reversal_of text;

CREATE INDEX signal_history_arm_idx ON signal_history (arm, signal_at) WHERE arm IS NOT NULL;

-- Shadow arms dedupe among themselves: their slots are keyed 'SHADOW:<arm>' so they never block a sent signal.
ALTER TABLE signal_dedupe DROP CONSTRAINT signal_dedupe_scope_check;
ALTER TABLE signal_dedupe ADD CONSTRAINT signal_dedupe_scope_check
    CHECK (scope IN ('BUY', 'SELL', 'ANY') OR scope LIKE 'SHADOW:%');
