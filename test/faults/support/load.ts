import { variedContact } from '../../factories/contact-bodies';

export interface Sent {
  startedAt: number;
  status?: number;
  error?: string;
  contactId?: string;
}

/**
 * Posts contacts on `lanes` concurrent loops until `stop()`; every request and its outcome is
 * recorded, with the time it was started, so a test can tell requests sent before a fault from after.
 * With `perLanePerSecond`, each lane starts at most that many requests a second (a steady load whose
 * backlog a test can wait out); without it, each lane sends as fast as the API answers.
 */
export function contactLoad(port: number, token: string, lanes = 6, body: () => object = variedContact, perLanePerSecond?: number) {
  const sent: Sent[] = [];
  let stopped = false;
  const loops = Array.from({ length: lanes }, async () => {
    while (!stopped) {
      const record: Sent = { startedAt: Date.now() };
      const next = perLanePerSecond ? record.startedAt + 1000 / perLanePerSecond : 0;
      sent.push(record);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/contacts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(body()),
        });
        record.status = res.status;
        const json = (await res.json().catch(() => ({}))) as { id?: string };
        if (res.status === 201) record.contactId = json.id;
      } catch (error) {
        record.error = String((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message);
        // The server is gone: back off instead of spinning on refused connections.
        await new Promise((r) => setTimeout(r, 20));
      }
      if (next > Date.now()) await new Promise((r) => setTimeout(r, next - Date.now()));
    }
  });
  return {
    sent,
    accepted: () => sent.filter((s) => s.status === 201).map((s) => s.contactId!),
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}
