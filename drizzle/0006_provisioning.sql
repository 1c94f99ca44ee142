CREATE TABLE `provisioned_credentials` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`backend` text NOT NULL,
	`type` text NOT NULL,
	`owner_id` integer NOT NULL,
	`owner_label` text NOT NULL,
	`state` text DEFAULT 'creating' NOT NULL,
	`hostname` text NOT NULL,
	`port` integer,
	`db` text NOT NULL,
	`schema` text,
	`user` text NOT NULL,
	`warehouse` text,
	`password` text NOT NULL,
	`touched_at` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`run_id` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `provisioned_credentials_owner_unique` ON `provisioned_credentials` (`owner_id`,`backend`,`type`);--> statement-breakpoint
CREATE INDEX `provisioned_credentials_touch_idx` ON `provisioned_credentials` (`touched_at`);