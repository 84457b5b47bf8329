import { Module } from '@nestjs/common';
import { InterimPeopleForTriage } from './interim-people-for-triage.service';
import { PeopleForTriage } from './people-for-triage';

@Module({
  providers: [{ provide: PeopleForTriage, useClass: InterimPeopleForTriage }],
  exports: [PeopleForTriage],
})
export class PeopleModule {}
