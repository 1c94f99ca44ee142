ALTER TABLE "connections" ADD COLUMN "provisioned_from" text;--> statement-breakpoint
ALTER TABLE "feeds" ADD COLUMN "provisioned_from" text;