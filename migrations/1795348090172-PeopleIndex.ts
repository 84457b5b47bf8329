import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The person index (SPEC PPL-1 to PPL-5, issue #4): persons with every name they were known by
 * (person_name: primary names per contact, aliases, previous names), address history, standing flags,
 * relationships as each contact stated them, the matcher's decision per contact subject/household member
 * (person_match) and the candidates offered to workers, reversible merges, and the accumulation flags
 * stored per subject. Generated, then by hand: the pg_trgm and fuzzystrmatch extensions; the Double
 * Metaphone expression index and the GIN trigram index on person_name (declared `synchronize: false`
 * on the entity), which keep matching among a million persons fast (PERF-4); and
 * person_name_similarity(), the one definition of "how alike are two normalised names" used by search.
 */
export class PeopleIndex1795348090172 implements MigrationInterface {
    name = 'PeopleIndex1795348090172'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // By hand: trigram similarity and Double Metaphone (both trusted extensions on Postgres 13+).
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS fuzzystrmatch`);
        await queryRunner.query(`CREATE TABLE "accumulation_flag" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "subject_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "person_id" uuid, "rule_id" text NOT NULL, "label" text NOT NULL, "threshold" jsonb NOT NULL, "causing_contact_ids" uuid array NOT NULL DEFAULT '{}', "evidence" jsonb NOT NULL DEFAULT '[]', "config_version" text NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_50edfbebf49cb08633d578242b1" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_accumulation_flag_person" ON "accumulation_flag"  ("person_id") `);
        await queryRunner.query(`CREATE INDEX "ix_accumulation_flag_contact" ON "accumulation_flag"  ("contact_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_accumulation_flag_subject_rule" ON "accumulation_flag"  ("subject_id", "rule_id") `);
        await queryRunner.query(`CREATE TABLE "person" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "first_name" text, "last_name" text, "date_of_birth" date, "expected_delivery_date" date, "sex" text NOT NULL DEFAULT 'U', "nhs_number" text, "postcode" text, "merged_into_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5fdaf670315c4b7e70cce85daa3" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_person_merged_into" ON "person"  ("merged_into_id") WHERE merged_into_id IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_person_nhs_number" ON "person"  ("nhs_number") WHERE nhs_number IS NOT NULL AND merged_into_id IS NULL`);
        await queryRunner.query(`CREATE INDEX "ix_person_dob" ON "person"  ("date_of_birth") `);
        await queryRunner.query(`CREATE TABLE "person_address" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "line1" text, "line2" text, "town" text, "postcode" text, "postcode_norm" text, "address_type" text NOT NULL DEFAULT 'unknown', "from_date" date, "to_date" date, "source_kind" text NOT NULL, "source_id" uuid, "contact_id" uuid, "observed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_cd587348ca3fec07931de208299" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_person_address_source" ON "person_address"  ("source_id") WHERE source_id IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "ix_person_address_postcode" ON "person_address"  ("postcode_norm") WHERE postcode_norm IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "ix_person_address_person" ON "person_address"  ("person_id", "observed_at") `);
        await queryRunner.query(`CREATE TABLE "person_flag" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "kind" text NOT NULL, "note" text, "source_kind" text NOT NULL, "source_id" uuid, "contact_id" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_by_user_id" uuid, "ended_at" TIMESTAMP WITH TIME ZONE, "ended_by_user_id" uuid, CONSTRAINT "PK_43dc31c232b0605b0a535cb2c47" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_person_flag_source" ON "person_flag"  ("source_id") WHERE source_id IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "ix_person_flag_person" ON "person_flag"  ("person_id") `);
        await queryRunner.query(`CREATE TABLE "person_match_candidate" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "source_kind" text NOT NULL, "source_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "person_id" uuid NOT NULL, "score" double precision NOT NULL, "features" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'pending', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by_user_id" uuid, CONSTRAINT "PK_d17d0112d7ade75b728f661598e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_person_match_candidate_person" ON "person_match_candidate"  ("person_id") `);
        await queryRunner.query(`CREATE INDEX "ix_person_match_candidate_contact" ON "person_match_candidate"  ("contact_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_person_match_candidate" ON "person_match_candidate"  ("source_kind", "source_id", "person_id") `);
        await queryRunner.query(`CREATE TABLE "person_match" ("source_kind" text NOT NULL, "source_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "status" text NOT NULL, "method" text, "person_id" uuid, "score" double precision, "config_version" text NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decided_by_user_id" uuid, CONSTRAINT "PK_29a0ce184b783496feb5dcb3d56" PRIMARY KEY ("source_kind", "source_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_person_match_contact" ON "person_match"  ("contact_id") `);
        await queryRunner.query(`CREATE TABLE "person_merge" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "from_person_id" uuid NOT NULL, "into_person_id" uuid NOT NULL, "reason" text NOT NULL, "moved_subject_ids" uuid array NOT NULL DEFAULT '{}', "moved_household_ids" uuid array NOT NULL DEFAULT '{}', "moved_name_ids" uuid array NOT NULL DEFAULT '{}', "moved_address_ids" uuid array NOT NULL DEFAULT '{}', "moved_flag_ids" uuid array NOT NULL DEFAULT '{}', "into_summary_before" jsonb NOT NULL, "merged_at" TIMESTAMP WITH TIME ZONE NOT NULL, "merged_by_user_id" uuid NOT NULL, "reverted_at" TIMESTAMP WITH TIME ZONE, "reverted_by_user_id" uuid, CONSTRAINT "PK_f8d71f886ba46df618c420db414" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_person_merge_into" ON "person_merge"  ("into_person_id") `);
        await queryRunner.query(`CREATE INDEX "ix_person_merge_from" ON "person_merge"  ("from_person_id") `);
        await queryRunner.query(`CREATE TABLE "person_name" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "kind" text NOT NULL, "first_name" text, "last_name" text, "first_norm" text NOT NULL DEFAULT '', "last_norm" text NOT NULL DEFAULT '', "source_kind" text NOT NULL, "source_id" uuid, "contact_id" uuid, "observed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_dd16717b31bc32cf24d1f68974b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_person_name_source" ON "person_name"  ("source_id") WHERE source_id IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "ix_person_name_person" ON "person_name"  ("person_id") `);
        await queryRunner.query(`CREATE TABLE "person_relationship" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "related_person_id" uuid NOT NULL, "relationship" text NOT NULL, "parental_responsibility" text, "resident" boolean, "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL, "valid_to" TIMESTAMP WITH TIME ZONE, "source_contact_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d76baad8c27484f4a94cc647b5f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_person_relationship_source" ON "person_relationship"  ("source_contact_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_person_relationship" ON "person_relationship"  ("person_id", "related_person_id", "relationship", "source_contact_id") `);
        await queryRunner.query(`ALTER TABLE "person_address" ADD CONSTRAINT "FK_ce7df7591d4659be1f5f9218384" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "person_flag" ADD CONSTRAINT "FK_8c00224187379a77a7137f87c60" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "person_name" ADD CONSTRAINT "FK_97553c304c7022d9edb17eee801" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // By hand: "Smyth" finds "Smith" (same Double Metaphone code) through an index, surname first; it
        // carries the names, so finding everyone who sounds like "Oliver Smith" is an index-only scan.
        await queryRunner.query(`CREATE INDEX "ix_person_name_phonetic" ON "person_name" (dmetaphone("last_norm"), dmetaphone("first_norm")) INCLUDE ("person_id", "first_norm", "last_norm")`);
        // By hand: typo-tolerant surname search (trigram similarity, the % operator).
        await queryRunner.query(`CREATE INDEX "ix_person_name_last_trgm" ON "person_name" USING gin ("last_norm" gin_trgm_ops)`);
        // By hand: the best of exact, trigram, edit distance and same-sound for two normalised names; NULL when either is empty.
        // Same-sound compares Metaphone keys up to 10 characters (Double Metaphone's 4-character codes are
        // right for the blocking index but would call Christopher and Christina the same name), and counts
        // only when at most half the letters differ: Catherine/Kathryn and Mohamed/Muhammad, not two
        // unrelated strings that happen to share their consonants. A "name" with digits (a placeholder, a
        // generated test name) is compared by spelling only: its letters alone say little.
        await queryRunner.query(`CREATE FUNCTION person_name_similarity(a text, b text, phonetic float8) RETURNS float8
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
              SELECT CASE
                WHEN a IS NULL OR b IS NULL OR a = '' OR b = '' THEN NULL
                WHEN a = b THEN 1.0::float8
                ELSE greatest(
                  similarity(a, b)::float8,
                  1.0 - levenshtein(left(a, 255), left(b, 255))::float8 / greatest(length(a), length(b)),
                  CASE WHEN metaphone(a, 10) <> '' AND metaphone(a, 10) = metaphone(b, 10) AND a !~ '[0-9]' AND b !~ '[0-9]'
                        AND levenshtein(left(a, 255), left(b, 255)) * 2 <= greatest(length(a), length(b)) THEN phonetic ELSE 0 END)
              END
            $$`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP FUNCTION IF EXISTS person_name_similarity(text, text, float8)`);
        await queryRunner.query(`DROP INDEX IF EXISTS "public"."ix_person_name_last_trgm"`);
        await queryRunner.query(`DROP INDEX IF EXISTS "public"."ix_person_name_phonetic"`);
        await queryRunner.query(`ALTER TABLE "person_name" DROP CONSTRAINT "FK_97553c304c7022d9edb17eee801"`);
        await queryRunner.query(`ALTER TABLE "person_flag" DROP CONSTRAINT "FK_8c00224187379a77a7137f87c60"`);
        await queryRunner.query(`ALTER TABLE "person_address" DROP CONSTRAINT "FK_ce7df7591d4659be1f5f9218384"`);
        await queryRunner.query(`DROP INDEX "public"."uq_person_relationship"`);
        await queryRunner.query(`DROP INDEX "public"."ix_person_relationship_source"`);
        await queryRunner.query(`DROP TABLE "person_relationship"`);
        await queryRunner.query(`DROP INDEX "public"."ix_person_name_person"`);
        await queryRunner.query(`DROP INDEX "public"."ix_person_name_source"`);
        await queryRunner.query(`DROP TABLE "person_name"`);
        await queryRunner.query(`DROP INDEX "public"."ix_person_merge_from"`);
        await queryRunner.query(`DROP INDEX "public"."ix_person_merge_into"`);
        await queryRunner.query(`DROP TABLE "person_merge"`);
        await queryRunner.query(`DROP INDEX "public"."ix_person_match_contact"`);
        await queryRunner.query(`DROP TABLE "person_match"`);
        await queryRunner.query(`DROP INDEX "public"."uq_person_match_candidate"`);
        await queryRunner.query(`DROP INDEX "public"."ix_person_match_candidate_contact"`);
        await queryRunner.query(`DROP INDEX "public"."ix_person_match_candidate_person"`);
        await queryRunner.query(`DROP TABLE "person_match_candidate"`);
        await queryRunner.query(`DROP INDEX "public"."ix_person_flag_person"`);
        await queryRunner.query(`DROP INDEX "public"."ix_person_flag_source"`);
        await queryRunner.query(`DROP TABLE "person_flag"`);
        await queryRunner.query(`DROP INDEX "public"."ix_person_address_person"`);
        await queryRunner.query(`DROP INDEX "public"."ix_person_address_postcode"`);
        await queryRunner.query(`DROP INDEX "public"."ix_person_address_source"`);
        await queryRunner.query(`DROP TABLE "person_address"`);
        await queryRunner.query(`DROP INDEX "public"."ix_person_dob"`);
        await queryRunner.query(`DROP INDEX "public"."uq_person_nhs_number"`);
        await queryRunner.query(`DROP INDEX "public"."ix_person_merged_into"`);
        await queryRunner.query(`DROP TABLE "person"`);
        await queryRunner.query(`DROP INDEX "public"."uq_accumulation_flag_subject_rule"`);
        await queryRunner.query(`DROP INDEX "public"."ix_accumulation_flag_contact"`);
        await queryRunner.query(`DROP INDEX "public"."ix_accumulation_flag_person"`);
        await queryRunner.query(`DROP TABLE "accumulation_flag"`);
    }

}
