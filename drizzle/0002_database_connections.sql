CREATE TABLE `table_descriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`connection_id` text NOT NULL,
	`schema_name` text DEFAULT '' NOT NULL,
	`table_name` text NOT NULL,
	`status` text DEFAULT 'NOT_SCANNED' NOT NULL,
	`description` text,
	`columns` text DEFAULT '[]' NOT NULL,
	`examples` text DEFAULT '[]' NOT NULL,
	`row_count` integer,
	`table_schema` text,
	`error_message` text,
	`metadata` text,
	`last_scanned_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`connection_id`) REFERENCES `connections`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `table_descriptions_table_unique` ON `table_descriptions` (`connection_id`,`schema_name`,`table_name`);