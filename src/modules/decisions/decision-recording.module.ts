import { DynamicModule, Module, ModuleMetadata, Provider } from '@nestjs/common';
import { ChecksModule } from '../checks/checks.module';
import { DecisionContextService } from './decision-context.service';
import { DecisionRecordingController } from './decision-recording.controller';
import { DecisionsModule } from './decisions.module';
import { DecisionsService } from './decisions.service';
import { DecisionContextPort } from './ports/decision-context.port';

export interface DecisionRecordingBindings {
  /** Modules exporting what the bindings use (e.g. TriageModule). */
  imports?: ModuleMetadata['imports'];
  /**
   * Must provide GradeReader, PreClosureWindow and ApprovalPort, e.g.
   * `{ provide: GradeReader, useExisting: TriageGradeReader }`.
   */
  providers: Provider[];
}

/**
 * Recording decisions (DecisionsService) and its HTTP routes. GradeReader, PreClosureWindow and
 * ApprovalPort are bound by the caller (triage-bindings/decisions-on-triage.module.ts); Nest refuses
 * to start if a port is left unbound.
 */
@Module({})
export class DecisionRecordingModule {
  static register(bindings: DecisionRecordingBindings): DynamicModule {
    return {
      module: DecisionRecordingModule,
      imports: [DecisionsModule, ChecksModule, ...(bindings.imports ?? [])],
      controllers: [DecisionRecordingController],
      providers: [...bindings.providers, { provide: DecisionContextPort, useClass: DecisionContextService }, DecisionsService],
      exports: [DecisionsService, DecisionContextPort],
    };
  }
}
