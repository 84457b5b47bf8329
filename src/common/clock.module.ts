import { Global, Module } from '@nestjs/common';

/** The current time, injectable as 'NOW' so tests can move it. */
@Global()
@Module({ providers: [{ provide: 'NOW', useValue: () => new Date() }], exports: ['NOW'] })
export class ClockModule {}
