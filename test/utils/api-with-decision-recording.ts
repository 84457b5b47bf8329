import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { EntityManager } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApi } from '../../src/bootstrap-api';
import { DecisionRecordingModule } from '../../src/modules/decisions/decision-recording.module';
import { ApprovalPort } from '../../src/modules/decisions/ports/approval-port';
import { ChildGradePicture, GradeReader } from '../../src/modules/decisions/ports/grade-reader';
import { PreClosureWindow } from '../../src/modules/decisions/ports/pre-closure-window';
import { DEMO_USERS } from '../../src/seed/demo-data';
import type { TestApi } from './test-app';

/**
 * Minimal bindings of the decisions module's triage ports, for tests that need DecisionsService
 * before the integrator binds DecisionRecordingModule in FEATURE_MODULES (it is not registered in
 * main yet). The grade is the child's confirmed subject_grade; no closure window; approval requests
 * are refused loudly, so a test that unexpectedly needs one fails instead of passing on a stub.
 */
class SubjectGradeReader extends GradeReader {
  async read(em: EntityManager, _contactId: string, subjectId: string): Promise<ChildGradePicture> {
    const [g] = await em.query('SELECT confirmed_grade, framework_version FROM subject_grade WHERE subject_id = $1', [subjectId]);
    return { grade: g?.confirmed_grade ?? null, frameworkVersion: g?.framework_version ?? 'unknown', flags: [], cpIndicatorEverRecorded: false };
  }
}
class NoClosureWindow extends PreClosureWindow {
  isInPreClosureWindow(): boolean {
    return false;
  }
}
class NoApprovals extends ApprovalPort {
  async request(): Promise<{ approvalId: string }> {
    throw new Error('test binding: this test does not expect a decision needing approval');
  }
}

@Module({
  imports: [
    AppModule,
    DecisionRecordingModule.register({
      providers: [
        { provide: GradeReader, useClass: SubjectGradeReader },
        { provide: PreClosureWindow, useClass: NoClosureWindow },
        { provide: ApprovalPort, useClass: NoApprovals },
      ],
    }),
  ],
})
class AppWithDecisionRecording {}

/** startApi() with DecisionsService available (see above). */
export async function startApiWithDecisionRecording(): Promise<TestApi> {
  const app = await NestFactory.create<NestExpressApplication>(AppWithDecisionRecording, { bodyParser: false, bufferLogs: true });
  configureApi(app);
  await app.init();
  const http = request(app.getHttpServer());
  const tokens = new Map<string, string>();
  return {
    app,
    http,
    async tokenFor(who) {
      const cached = tokens.get(who);
      if (cached) return cached;
      const user = DEMO_USERS.find((u) => u.email === who || u.role === who);
      if (!user) throw new Error(`no demo user ${who}`);
      const res = await http.post('/api/v1/auth/token').send({ email: user.email, password: user.password });
      if (res.status !== 200) throw new Error(`login failed for ${who}: ${res.status}`);
      tokens.set(who, res.body.accessToken);
      return res.body.accessToken;
    },
    close: () => app.close(),
  };
}
