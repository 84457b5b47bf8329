import { Injectable } from '@nestjs/common';

/**
 * Fault injection for the delivery protocol's tests (SPEC REL-3). `afterSmtpAccepted` runs after the
 * SMTP server accepted a message and before the row records it; a test makes it throw to stand in
 * for the worker dying in that window. Nothing sets it outside tests.
 */
@Injectable()
export class DeliveryTestHooks {
  afterSmtpAccepted: ((feedbackId: string) => void | Promise<void>) | null = null;
}
