import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';

export interface HouseholdPeopleChange {
  contactId: string;
  /** When the household changed (the member moved in or out), not when it was recorded. */
  at: Date;
  /** Persons who left the children's household. */
  leftPersonIds?: string[];
}

export interface HouseholdPeopleHandler {
  householdChanged(em: EntityManager, actor: Actor, change: HouseholdPeopleChange): Promise<{ ended: { id: string }[] }>;
}

/**
 * What contacts asks of the person index when staff change an open contact's household (SPEC PPL-2,
 * CHK-5): match new members and start their relationships, end leavers' relationships. People sits
 * above contacts, so it binds its handler here at start-up and contacts calls it in the transaction
 * that records the change.
 */
@Injectable()
export class HouseholdPeople {
  private handler?: HouseholdPeopleHandler;

  bind(handler: HouseholdPeopleHandler): void {
    this.handler = handler;
  }

  householdChanged(em: EntityManager, actor: Actor, change: HouseholdPeopleChange): Promise<{ ended: { id: string }[] }> {
    if (!this.handler) throw new Error('no person index is bound to household changes (the people module is not loaded)');
    return this.handler.householdChanged(em, actor, change);
  }
}
