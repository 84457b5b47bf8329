import { DynamicModule, Module, ModuleMetadata, Provider } from '@nestjs/common';
import { ChecksModule } from '../checks/checks.module';
import { DecisionContextService } from './decision-context.service';
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
 * Recording decisions (DecisionsService). Not registered in this branch: GradeReader,
 * PreClosureWindow and ApprovalPort come from triage, so the integrator registers
 * `DecisionRecordingModule.register({ imports: [TriageModule], providers: [...] })` in FEATURE_MODULES
 * together with the HTTP decision endpoints. Nest refuses to start if a port is left unbound.
 */
@Module({})
export class DecisionRecordingModule {
  static register(bindings: DecisionRecordingBindings): DynamicModule {
    return {
      module: DecisionRecordingModule,
      imports: [DecisionsModule, ChecksModule, ...(bindings.imports ?? [])],
      providers: [...bindings.providers, { provide: DecisionContextPort, useClass: DecisionContextService }, DecisionsService],
      exports: [DecisionsService, DecisionContextPort],
    };
  }
}
