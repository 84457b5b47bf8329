import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * - threshold_decision.step_down: the risk handover, plan and review date an early_help decision
 *   carries for the step-down it proposes (SPEC STEP-2); the lead professional was already there.
 * - strategy_discussion.icpc_*: the initial child protection conference as held (date, outcome, who
 *   recorded it), which meets the ICPC clock (SPEC STR-3, RAG-5).
 */
export class StepDownHandoverAndIcpcRecord1797300000001 implements MigrationInterface {
    name = 'StepDownHandoverAndIcpcRecord1797300000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "threshold_decision" ADD "step_down" jsonb`);
        await queryRunner.query(`ALTER TABLE "strategy_discussion" ADD "icpc_held_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "strategy_discussion" ADD "icpc_outcome" text`);
        await queryRunner.query(`ALTER TABLE "strategy_discussion" ADD "icpc_recorded_by_user_id" uuid`);
        await queryRunner.query(`ALTER TABLE "strategy_discussion" ADD "icpc_recorded_at" TIMESTAMP WITH TIME ZONE`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "strategy_discussion" DROP COLUMN "icpc_recorded_at"`);
        await queryRunner.query(`ALTER TABLE "strategy_discussion" DROP COLUMN "icpc_recorded_by_user_id"`);
        await queryRunner.query(`ALTER TABLE "strategy_discussion" DROP COLUMN "icpc_outcome"`);
        await queryRunner.query(`ALTER TABLE "strategy_discussion" DROP COLUMN "icpc_held_at"`);
        await queryRunner.query(`ALTER TABLE "threshold_decision" DROP COLUMN "step_down"`);
    }
}
