ALTER TABLE `runs` ADD `records_loaded` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `runs` ADD `destinations` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `heartbeat_at` integer;--> statement-breakpoint
-- Backfill (hand-written): before this column, a succeeded load run had loaded every record it wrote.
UPDATE `runs` SET `records_loaded` = `records` WHERE `kind` = 'load' AND `status` = 'succeeded';