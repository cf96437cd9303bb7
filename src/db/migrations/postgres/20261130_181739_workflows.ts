import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_workflow_definitions_status" AS ENUM('draft', 'published', 'retired');
  CREATE TYPE "public"."enum_request_types_fields_statuses_category" AS ENUM('open', 'at_risk', 'done', 'cancelled');
  CREATE TYPE "public"."enum_request_types_fields_kind" AS ENUM('text', 'long_text', 'number', 'money', 'date', 'date_time', 'boolean', 'choice', 'status', 'reference', 'link');
  CREATE TYPE "public"."enum_requests_outcome" AS ENUM('approved', 'rejected', 'cancelled', 'done');
  CREATE TYPE "public"."enum_tasks_status" AS ENUM('open', 'done', 'cancelled');
  CREATE TYPE "public"."enum_outgoing_events_status" AS ENUM('recorded', 'delivered', 'failed');
  ALTER TYPE "public"."enum_roles_permissions_subject" ADD VALUE 'workflow-definitions';
  ALTER TYPE "public"."enum_roles_permissions_subject" ADD VALUE 'request-types';
  ALTER TYPE "public"."enum_roles_permissions_subject" ADD VALUE 'requests';
  ALTER TYPE "public"."enum_roles_permissions_subject" ADD VALUE 'workflow-events';
  ALTER TYPE "public"."enum_roles_permissions_subject" ADD VALUE 'delegations';
  ALTER TYPE "public"."enum_roles_permissions_subject" ADD VALUE 'tasks';
  ALTER TYPE "public"."enum_roles_permissions_subject" ADD VALUE 'outgoing-events';
  ALTER TYPE "public"."enum_roles_permissions_subject" ADD VALUE 'workflow-effect-runs';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'workflowEffects';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'workflowTimer';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'workflowEffects';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'workflowTimer';
  CREATE TABLE "workflow_definitions" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"title" varchar NOT NULL,
  	"key" varchar NOT NULL,
  	"version" numeric,
  	"description" varchar,
  	"status" "enum_workflow_definitions_status" DEFAULT 'draft' NOT NULL,
  	"published_at" timestamp(3) with time zone,
  	"definition" jsonb NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "request_types_fields_choices" (
  	"_order" integer NOT NULL,
  	"_parent_id" varchar NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"value" varchar,
  	"label" varchar
  );
  
  CREATE TABLE "request_types_fields_statuses" (
  	"_order" integer NOT NULL,
  	"_parent_id" varchar NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"value" varchar,
  	"label" varchar,
  	"colour" varchar DEFAULT '#6e7781',
  	"category" "enum_request_types_fields_statuses_category" DEFAULT 'open'
  );
  
  CREATE TABLE "request_types_fields" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"key" varchar NOT NULL,
  	"label" varchar NOT NULL,
  	"kind" "enum_request_types_fields_kind" NOT NULL,
  	"help_text" varchar,
  	"required" boolean DEFAULT false,
  	"reference_type" varchar
  );
  
  CREATE TABLE "request_types" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"key" varchar NOT NULL,
  	"singular_label" varchar NOT NULL,
  	"plural_label" varchar NOT NULL,
  	"description" varchar,
  	"title_field" varchar NOT NULL,
  	"workflow" varchar NOT NULL,
  	"promised_within" varchar,
  	"active" boolean DEFAULT true,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "requests" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"title" varchar NOT NULL,
  	"request_type_id" integer NOT NULL,
  	"workflow_id" integer NOT NULL,
  	"state" varchar NOT NULL,
  	"outcome" "enum_requests_outcome",
  	"data" jsonb NOT NULL,
  	"requester_id" integer NOT NULL,
  	"approvals" jsonb,
  	"revision" numeric NOT NULL,
  	"step_epoch" numeric NOT NULL,
  	"due_at" timestamp(3) with time zone,
  	"promised_by" timestamp(3) with time zone,
  	"submitted_at" timestamp(3) with time zone,
  	"closed_at" timestamp(3) with time zone,
  	"tenant_id" integer NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "requests_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"records_id" integer,
  	"users_id" integer
  );
  
  CREATE TABLE "workflow_events" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"request_id" integer NOT NULL,
  	"actor_id" integer,
  	"on_behalf_of_id" integer,
  	"action" varchar NOT NULL,
  	"state" varchar NOT NULL,
  	"reason" varchar,
  	"comment" varchar,
  	"at" timestamp(3) with time zone NOT NULL,
  	"revision" numeric,
  	"detail" jsonb,
  	"tenant_id" integer NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "delegations" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"user_id" integer NOT NULL,
  	"substitute_id" integer NOT NULL,
  	"from" timestamp(3) with time zone NOT NULL,
  	"to" timestamp(3) with time zone NOT NULL,
  	"amount_limit" numeric,
  	"note" varchar,
  	"tenant_id" integer NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "tasks" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"title" varchar NOT NULL,
  	"assignee_id" integer,
  	"due" timestamp(3) with time zone,
  	"status" "enum_tasks_status" DEFAULT 'open' NOT NULL,
  	"request_id" integer,
  	"notes" varchar,
  	"tenant_id" integer NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "outgoing_events" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"event" varchar NOT NULL,
  	"request_id" integer,
  	"payload" jsonb NOT NULL,
  	"status" "enum_outgoing_events_status" DEFAULT 'recorded' NOT NULL,
  	"tenant_id" integer NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "workflow_effect_runs" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"key" varchar NOT NULL,
  	"kind" varchar NOT NULL,
  	"request" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "users_memberships" ADD COLUMN "approval_limit" numeric;
  ALTER TABLE "users_memberships" ADD COLUMN "approval_unlimited" boolean DEFAULT false;
  ALTER TABLE "users" ADD COLUMN "approval_limit" numeric;
  ALTER TABLE "users" ADD COLUMN "approval_unlimited" boolean DEFAULT false;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "workflow_definitions_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "request_types_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "requests_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "workflow_events_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "delegations_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "tasks_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "outgoing_events_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "workflow_effect_runs_id" integer;
  ALTER TABLE "request_types_fields_choices" ADD CONSTRAINT "request_types_fields_choices_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."request_types_fields"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "request_types_fields_statuses" ADD CONSTRAINT "request_types_fields_statuses_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."request_types_fields"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "request_types_fields" ADD CONSTRAINT "request_types_fields_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."request_types"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "requests" ADD CONSTRAINT "requests_request_type_id_request_types_id_fk" FOREIGN KEY ("request_type_id") REFERENCES "public"."request_types"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "requests" ADD CONSTRAINT "requests_workflow_id_workflow_definitions_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflow_definitions"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "requests" ADD CONSTRAINT "requests_requester_id_users_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "requests" ADD CONSTRAINT "requests_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "requests_rels" ADD CONSTRAINT "requests_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "requests_rels" ADD CONSTRAINT "requests_rels_records_fk" FOREIGN KEY ("records_id") REFERENCES "public"."records"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "requests_rels" ADD CONSTRAINT "requests_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "workflow_events" ADD CONSTRAINT "workflow_events_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "workflow_events" ADD CONSTRAINT "workflow_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "workflow_events" ADD CONSTRAINT "workflow_events_on_behalf_of_id_users_id_fk" FOREIGN KEY ("on_behalf_of_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "workflow_events" ADD CONSTRAINT "workflow_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "delegations" ADD CONSTRAINT "delegations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "delegations" ADD CONSTRAINT "delegations_substitute_id_users_id_fk" FOREIGN KEY ("substitute_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "delegations" ADD CONSTRAINT "delegations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "tasks" ADD CONSTRAINT "tasks_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "tasks" ADD CONSTRAINT "tasks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "outgoing_events" ADD CONSTRAINT "outgoing_events_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "outgoing_events" ADD CONSTRAINT "outgoing_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "workflow_definitions_key_idx" ON "workflow_definitions" USING btree ("key");
  CREATE INDEX "workflow_definitions_updated_at_idx" ON "workflow_definitions" USING btree ("updated_at");
  CREATE INDEX "workflow_definitions_created_at_idx" ON "workflow_definitions" USING btree ("created_at");
  CREATE UNIQUE INDEX "key_version_idx" ON "workflow_definitions" USING btree ("key","version");
  CREATE INDEX "request_types_fields_choices_order_idx" ON "request_types_fields_choices" USING btree ("_order");
  CREATE INDEX "request_types_fields_choices_parent_id_idx" ON "request_types_fields_choices" USING btree ("_parent_id");
  CREATE INDEX "request_types_fields_statuses_order_idx" ON "request_types_fields_statuses" USING btree ("_order");
  CREATE INDEX "request_types_fields_statuses_parent_id_idx" ON "request_types_fields_statuses" USING btree ("_parent_id");
  CREATE INDEX "request_types_fields_order_idx" ON "request_types_fields" USING btree ("_order");
  CREATE INDEX "request_types_fields_parent_id_idx" ON "request_types_fields" USING btree ("_parent_id");
  CREATE UNIQUE INDEX "request_types_key_idx" ON "request_types" USING btree ("key");
  CREATE INDEX "request_types_updated_at_idx" ON "request_types" USING btree ("updated_at");
  CREATE INDEX "request_types_created_at_idx" ON "request_types" USING btree ("created_at");
  CREATE INDEX "requests_request_type_idx" ON "requests" USING btree ("request_type_id");
  CREATE INDEX "requests_workflow_idx" ON "requests" USING btree ("workflow_id");
  CREATE INDEX "requests_state_idx" ON "requests" USING btree ("state");
  CREATE INDEX "requests_requester_idx" ON "requests" USING btree ("requester_id");
  CREATE INDEX "requests_tenant_idx" ON "requests" USING btree ("tenant_id");
  CREATE INDEX "requests_updated_at_idx" ON "requests" USING btree ("updated_at");
  CREATE INDEX "requests_created_at_idx" ON "requests" USING btree ("created_at");
  CREATE INDEX "tenant_state_idx" ON "requests" USING btree ("tenant_id","state");
  CREATE INDEX "requests_rels_order_idx" ON "requests_rels" USING btree ("order");
  CREATE INDEX "requests_rels_parent_idx" ON "requests_rels" USING btree ("parent_id");
  CREATE INDEX "requests_rels_path_idx" ON "requests_rels" USING btree ("path");
  CREATE INDEX "requests_rels_records_id_idx" ON "requests_rels" USING btree ("records_id");
  CREATE INDEX "requests_rels_users_id_idx" ON "requests_rels" USING btree ("users_id");
  CREATE INDEX "workflow_events_request_idx" ON "workflow_events" USING btree ("request_id");
  CREATE INDEX "workflow_events_actor_idx" ON "workflow_events" USING btree ("actor_id");
  CREATE INDEX "workflow_events_on_behalf_of_idx" ON "workflow_events" USING btree ("on_behalf_of_id");
  CREATE INDEX "workflow_events_tenant_idx" ON "workflow_events" USING btree ("tenant_id");
  CREATE INDEX "workflow_events_updated_at_idx" ON "workflow_events" USING btree ("updated_at");
  CREATE INDEX "workflow_events_created_at_idx" ON "workflow_events" USING btree ("created_at");
  CREATE INDEX "request_at_idx" ON "workflow_events" USING btree ("request_id","at");
  CREATE INDEX "delegations_user_idx" ON "delegations" USING btree ("user_id");
  CREATE INDEX "delegations_substitute_idx" ON "delegations" USING btree ("substitute_id");
  CREATE INDEX "delegations_tenant_idx" ON "delegations" USING btree ("tenant_id");
  CREATE INDEX "delegations_updated_at_idx" ON "delegations" USING btree ("updated_at");
  CREATE INDEX "delegations_created_at_idx" ON "delegations" USING btree ("created_at");
  CREATE INDEX "substitute_to_idx" ON "delegations" USING btree ("substitute_id","to");
  CREATE INDEX "tasks_assignee_idx" ON "tasks" USING btree ("assignee_id");
  CREATE INDEX "tasks_request_idx" ON "tasks" USING btree ("request_id");
  CREATE INDEX "tasks_tenant_idx" ON "tasks" USING btree ("tenant_id");
  CREATE INDEX "tasks_updated_at_idx" ON "tasks" USING btree ("updated_at");
  CREATE INDEX "tasks_created_at_idx" ON "tasks" USING btree ("created_at");
  CREATE INDEX "assignee_status_idx" ON "tasks" USING btree ("assignee_id","status");
  CREATE INDEX "outgoing_events_event_idx" ON "outgoing_events" USING btree ("event");
  CREATE INDEX "outgoing_events_request_idx" ON "outgoing_events" USING btree ("request_id");
  CREATE INDEX "outgoing_events_tenant_idx" ON "outgoing_events" USING btree ("tenant_id");
  CREATE INDEX "outgoing_events_updated_at_idx" ON "outgoing_events" USING btree ("updated_at");
  CREATE INDEX "outgoing_events_created_at_idx" ON "outgoing_events" USING btree ("created_at");
  CREATE UNIQUE INDEX "workflow_effect_runs_key_idx" ON "workflow_effect_runs" USING btree ("key");
  CREATE INDEX "workflow_effect_runs_request_idx" ON "workflow_effect_runs" USING btree ("request");
  CREATE INDEX "workflow_effect_runs_updated_at_idx" ON "workflow_effect_runs" USING btree ("updated_at");
  CREATE INDEX "workflow_effect_runs_created_at_idx" ON "workflow_effect_runs" USING btree ("created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_workflow_definitions_fk" FOREIGN KEY ("workflow_definitions_id") REFERENCES "public"."workflow_definitions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_request_types_fk" FOREIGN KEY ("request_types_id") REFERENCES "public"."request_types"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_requests_fk" FOREIGN KEY ("requests_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_workflow_events_fk" FOREIGN KEY ("workflow_events_id") REFERENCES "public"."workflow_events"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_delegations_fk" FOREIGN KEY ("delegations_id") REFERENCES "public"."delegations"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_tasks_fk" FOREIGN KEY ("tasks_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_outgoing_events_fk" FOREIGN KEY ("outgoing_events_id") REFERENCES "public"."outgoing_events"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_workflow_effect_runs_fk" FOREIGN KEY ("workflow_effect_runs_id") REFERENCES "public"."workflow_effect_runs"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_workflow_definitions_id_idx" ON "payload_locked_documents_rels" USING btree ("workflow_definitions_id");
  CREATE INDEX "payload_locked_documents_rels_request_types_id_idx" ON "payload_locked_documents_rels" USING btree ("request_types_id");
  CREATE INDEX "payload_locked_documents_rels_requests_id_idx" ON "payload_locked_documents_rels" USING btree ("requests_id");
  CREATE INDEX "payload_locked_documents_rels_workflow_events_id_idx" ON "payload_locked_documents_rels" USING btree ("workflow_events_id");
  CREATE INDEX "payload_locked_documents_rels_delegations_id_idx" ON "payload_locked_documents_rels" USING btree ("delegations_id");
  CREATE INDEX "payload_locked_documents_rels_tasks_id_idx" ON "payload_locked_documents_rels" USING btree ("tasks_id");
  CREATE INDEX "payload_locked_documents_rels_outgoing_events_id_idx" ON "payload_locked_documents_rels" USING btree ("outgoing_events_id");
  CREATE INDEX "payload_locked_documents_rels_workflow_effect_runs_id_idx" ON "payload_locked_documents_rels" USING btree ("workflow_effect_runs_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "workflow_definitions" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "request_types_fields_choices" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "request_types_fields_statuses" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "request_types_fields" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "request_types" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "requests" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "requests_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "workflow_events" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "delegations" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "tasks" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "outgoing_events" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "workflow_effect_runs" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "workflow_definitions" CASCADE;
  DROP TABLE "request_types_fields_choices" CASCADE;
  DROP TABLE "request_types_fields_statuses" CASCADE;
  DROP TABLE "request_types_fields" CASCADE;
  DROP TABLE "request_types" CASCADE;
  DROP TABLE "requests" CASCADE;
  DROP TABLE "requests_rels" CASCADE;
  DROP TABLE "workflow_events" CASCADE;
  DROP TABLE "delegations" CASCADE;
  DROP TABLE "tasks" CASCADE;
  DROP TABLE "outgoing_events" CASCADE;
  DROP TABLE "workflow_effect_runs" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_workflow_definitions_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_request_types_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_requests_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_workflow_events_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_delegations_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_tasks_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_outgoing_events_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_workflow_effect_runs_fk";
  
  ALTER TABLE "roles_permissions" ALTER COLUMN "subject" SET DATA TYPE text;
  DROP TYPE "public"."enum_roles_permissions_subject";
  CREATE TYPE "public"."enum_roles_permissions_subject" AS ENUM('all', 'users', 'tenants', 'roles', 'media', 'record-types', 'record-type-migrations', 'records', 'integration-accounts', 'idempotency-keys');
  ALTER TABLE "roles_permissions" ALTER COLUMN "subject" SET DATA TYPE "public"."enum_roles_permissions_subject" USING "subject"::"public"."enum_roles_permissions_subject";
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'migrateRecords');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'migrateRecords');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "payload_locked_documents_rels_workflow_definitions_id_idx";
  DROP INDEX "payload_locked_documents_rels_request_types_id_idx";
  DROP INDEX "payload_locked_documents_rels_requests_id_idx";
  DROP INDEX "payload_locked_documents_rels_workflow_events_id_idx";
  DROP INDEX "payload_locked_documents_rels_delegations_id_idx";
  DROP INDEX "payload_locked_documents_rels_tasks_id_idx";
  DROP INDEX "payload_locked_documents_rels_outgoing_events_id_idx";
  DROP INDEX "payload_locked_documents_rels_workflow_effect_runs_id_idx";
  ALTER TABLE "users_memberships" DROP COLUMN "approval_limit";
  ALTER TABLE "users_memberships" DROP COLUMN "approval_unlimited";
  ALTER TABLE "users" DROP COLUMN "approval_limit";
  ALTER TABLE "users" DROP COLUMN "approval_unlimited";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "workflow_definitions_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "request_types_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "requests_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "workflow_events_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "delegations_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "tasks_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "outgoing_events_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "workflow_effect_runs_id";
  DROP TYPE "public"."enum_workflow_definitions_status";
  DROP TYPE "public"."enum_request_types_fields_statuses_category";
  DROP TYPE "public"."enum_request_types_fields_kind";
  DROP TYPE "public"."enum_requests_outcome";
  DROP TYPE "public"."enum_tasks_status";
  DROP TYPE "public"."enum_outgoing_events_status";`)
}
