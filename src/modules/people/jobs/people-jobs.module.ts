import { Module } from '@nestjs/common';
import { PeopleModule } from '../people.module';
import { PeopleProcessor } from './people.processor';

/** Worker side of people: the `people` queue's processor (linking imported history). */
@Module({
  imports: [PeopleModule],
  providers: [PeopleProcessor],
})
export class PeopleJobsModule {}
