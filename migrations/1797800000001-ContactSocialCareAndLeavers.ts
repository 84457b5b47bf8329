import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * contact.social_care_attended: children's social care attended the incident with the police
 * (SPEC STR-2's joint incident); null when the contact does not say.
 * contact_household_member.left_at: when a member left the children's household (SPEC PPL-2).
 */
export class ContactSocialCareAndLeavers1797800000001 implements MigrationInterface {
    name = 'ContactSocialCareAndLeavers1797800000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "contact" ADD "social_care_attended" boolean`);
        await queryRunner.query(`ALTER TABLE "contact_household_member" ADD "left_at" TIMESTAMP WITH TIME ZONE`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "contact_household_member" DROP COLUMN "left_at"`);
        await queryRunner.query(`ALTER TABLE "contact" DROP COLUMN "social_care_attended"`);
    }
}
