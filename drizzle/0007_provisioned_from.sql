ALTER TABLE `connections` ADD `provisioned_from` text;--> statement-breakpoint
ALTER TABLE `feeds` ADD `provisioned_from` text;