import { Module } from '@nestjs/common';
import { ContactStatusWriter } from './contact-status.writer';

/** The contact status writer, for the features that move a contact's status (triage, decisions). */
@Module({ providers: [ContactStatusWriter], exports: [ContactStatusWriter] })
export class ContactStatusModule {}
