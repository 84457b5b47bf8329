import { DataSource } from 'typeorm';
import { startApi, TestApi } from '../../utils/test-app';
import { errorSummary, heading, title, WebClient } from '../../utils/web-client';

const SCRIPT = '<script>alert(1)</script>';

/** The public referral through the pages (SPEC INT-1, INT-6, INT-7, WEB-2, WEB-3), over HTTP on the real app. */
describe('Web: public referral, check and add information', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startApi()));
  afterAll(() => api.close());

  async function answerAll(web: WebClient, overrides: Partial<Record<'description' | 'childFirstName' | 'adultFirstName' | 'name', string>> = {}) {
    await web.get('/report/what-happened');
    expect((await web.post('/report/what-happened', { description: overrides.description ?? 'I hear shouting and a child crying every night', 'incidentDate-day': '', 'incidentDate-month': '', 'incidentDate-year': '' })).headers.location).toBe('/report/child');
    expect((await web.post('/report/child', { firstName: overrides.childFirstName ?? 'Amy', lastName: 'Smith', description: '', addressLine1: '12 High Street', postcode: 'NS1 1AA', school: '' })).headers.location).toBe('/report/children');
    expect((await web.post('/report/children', { addAnother: 'no' })).headers.location).toBe('/report/adults');
    expect((await web.post('/report/adults', { addAnother: 'yes' })).headers.location).toBe('/report/adult');
    expect((await web.post('/report/adult', { relationship: 'mothers_partner', firstName: overrides.adultFirstName ?? 'Dan', lastName: '', resident: 'yes' })).headers.location).toBe('/report/adults');
    expect((await web.post('/report/adults', { addAnother: 'no' })).headers.location).toBe('/report/about-you');
    const you: Record<string, string> = overrides.name ? { tellUs: 'yes', name: overrides.name, phone: '', email: '', relationship: 'neighbour' } : { tellUs: 'no' };
    expect((await web.post('/report/about-you', you)).headers.location).toBe('/report/check-answers');
  }

  it('the start page has the 999 advice, Exit this page and a title "Page - Service - Council", and sets no session cookie', async () => {
    const web = new WebClient(api);
    const res = await web.get('/');
    expect(res.status).toBe(200);
    expect(heading(res.text)).toBe('Tell us about a worry for a child');
    expect(title(res.text)).toBe('Tell us about a worry for a child - Worried about a child - Northshire Council');
    expect(res.text).toContain('If a child is in immediate danger, call 999.');
    expect(res.text).toContain('govuk-exit-this-page');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+'/);
    const nonce = /'nonce-([^']+)'/.exec(res.headers['content-security-policy'])![1];
    // The only inline script carries this response's nonce.
    expect([...res.text.matchAll(/<script(?![^>]*src=)([^>]*)>/g)].map((m) => m[1])).toEqual([` nonce="${nonce}"`]);
  });

  it('a member of the public reports anonymously: reference and tracking token shown once, then the status in plain words, then more information', async () => {
    const web = new WebClient(api);
    await answerAll(web);
    const check = await web.get('/report/check-answers');
    expect(check.status).toBe(200);
    expect(heading(check.text)).toBe('Check your answers before sending');
    expect(check.text).toContain('Anonymous');
    const sent = await web.post('/report/check-answers', {});
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toBe('/report/confirmation');
    const confirmation = await web.get('/report/confirmation');
    expect(confirmation.status).toBe(200);
    const reference = /data-qa="reference">([^<]+)</.exec(confirmation.text)![1];
    const token = /data-qa="tracking-token">([^<]+)</.exec(confirmation.text)![1];
    expect(reference).toMatch(/^MASH-\d{4}-\d{6}$/);
    expect(token.length).toBeGreaterThan(20);
    expect(confirmation.text).toContain('We will not show the tracking code again');
    // Shown once.
    const again = await web.get('/report/confirmation');
    expect(again.status).toBe(303);

    const stored = await api.app.get(DataSource).query('SELECT anonymous, referrer_type FROM contact WHERE reference = $1', [reference]);
    expect(stored).toEqual([{ anonymous: true, referrer_type: 'anonymous' }]);

    const someoneElse = new WebClient(api);
    await someoneElse.get('/check');
    const wrong = await someoneElse.post('/check', { reference, token: 'not-the-token' });
    expect(wrong.status).toBe(404);
    const unknown = await someoneElse.post('/check', { reference: 'MASH-2001-999999', token });
    expect(unknown.status).toBe(404);
    expect(errorSummary(wrong.text)).toEqual(errorSummary(unknown.text));

    const ok = await someoneElse.post('/check', { reference, token });
    expect(ok.headers.location).toBe('/check/status');
    const status = await someoneElse.get('/check/status');
    expect(status.status).toBe(200);
    expect(heading(status.text)).toBe('Your report');
    expect(status.text).toContain('We have received your report.');
    expect(status.text).not.toContain('Amy');

    const empty = await someoneElse.post('/check/add-information', { note: '' });
    expect(empty.status).toBe(400);
    expect(errorSummary(empty.text)).toEqual([{ text: 'Enter what you want to add', href: '#note' }]);
    const added = await someoneElse.post('/check/add-information', { note: 'It happened again last night' });
    expect(added.headers.location).toBe('/check/status');
    expect((await someoneElse.get('/check/status')).text).toContain('we have added this to your report');
    const [info] = await api.app.get(DataSource).query(`SELECT i.source, i.note FROM contact_information i JOIN contact c ON c.id = i.contact_id WHERE c.reference = $1`, [reference]);
    expect(info).toEqual({ source: 'public', note: 'It happened again last night' });
  });

  it('errors come from the API rule ids: nothing said about the child (INT-6.subject-description), no concern text (INT-6.concern-text), a date that is not real (calendarDate)', async () => {
    const web = new WebClient(api);
    await web.get('/report/what-happened');
    const noText = await web.post('/report/what-happened', { description: '  ' });
    expect(noText.status).toBe(400);
    expect(title(noText.text)).toMatch(/^Error: What has happened\? - /);
    expect(errorSummary(noText.text)).toEqual([{ text: 'Tell us what has happened or what you are worried about', href: '#description' }]);
    const badDate = await web.post('/report/what-happened', { description: 'Worried', 'incidentDate-day': '31', 'incidentDate-month': '2', 'incidentDate-year': '2025' });
    expect(errorSummary(badDate.text)).toEqual([{ text: 'When it happened must be a real date, for example 27 3 2019', href: '#incidentDate-day' }]);
    await web.post('/report/what-happened', { description: 'Worried' });
    const nothing = await web.post('/report/child', { firstName: '', lastName: '', description: '' });
    expect(nothing.status).toBe(400);
    expect(errorSummary(nothing.text)[0]).toEqual({ text: expect.stringContaining('Tell us something about the child'), href: '#firstName' });
    // A description alone is enough (INT-6: nothing else is required).
    expect((await web.post('/report/child', { description: 'A boy of about 6 at number 4' })).status).toBe(303);
    const noAnswer = await web.post('/report/children', {});
    expect(errorSummary(noAnswer.text)).toEqual([{ text: 'Select yes if you need to add another child', href: '#addAnother' }]);
    // Anonymous with a name: the intake's INT-2.anonymous-with-identity, on the page where it can be put right.
    const both = await web.post('/report/about-you', { tellUs: 'no', name: 'Amy' });
    expect(both.status).toBe(400);
    expect(errorSummary(both.text)).toEqual([{ text: expect.stringContaining('You chose to stay anonymous but gave your name'), href: '#name' }]);
  });

  it('a child may refer themselves, named; what they typed comes back escaped on every page that echoes it', async () => {
    const web = new WebClient(api);
    await answerAll(web, { description: `Help ${SCRIPT}`, childFirstName: SCRIPT, adultFirstName: SCRIPT, name: SCRIPT });
    const check = await web.get('/report/check-answers');
    expect(check.text).not.toContain(SCRIPT);
    expect(check.text.split('&lt;script&gt;alert(1)&lt;/script&gt;').length - 1).toBeGreaterThanOrEqual(4);
    for (const page of ['/report/what-happened', '/report/child?n=0', '/report/children', '/report/adults', '/report/adult?n=0', '/report/about-you']) {
      const res = await web.get(page);
      expect({ page, raw: res.text.includes(SCRIPT) }).toEqual({ page, raw: false });
    }
    // Back on the about-you page as the child: "I am the child".
    await web.post('/report/about-you', { tellUs: 'yes', name: 'Amy', phone: '', email: '', relationship: 'self' });
    expect((await web.post('/report/check-answers', {})).status).toBe(303);
    const confirmation = await web.get('/report/confirmation');
    const reference = /data-qa="reference">([^<]+)</.exec(confirmation.text)![1];
    const [row] = await api.app.get(DataSource).query('SELECT anonymous, referrer_type, referral_source FROM contact WHERE reference = $1', [reference]);
    expect(row).toEqual({ anonymous: false, referrer_type: 'self', referral_source: '1C' });
  });

  it('a post without the CSRF token, or with another session’s token, is refused with the 403 page and changes nothing', async () => {
    const web = new WebClient(api);
    await web.get('/report/what-happened');
    const none = await web.post('/report/what-happened', { description: 'x' }, { csrf: false });
    expect(none.status).toBe(403);
    expect(heading(none.text)).toBe('You cannot do this');
    const other = new WebClient(api);
    const page = await other.get('/report/what-happened');
    const otherToken = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const forged = await web.post('/report/what-happened', { description: 'x', _csrf: otherToken }, { csrf: false });
    expect(forged.status).toBe(403);
    expect((await web.get('/report/what-happened')).text).not.toContain('>x</textarea>');
  });

  it('unknown pages are the 404 page in the same design; the JSON API keeps its JSON 404', async () => {
    const page = await new WebClient(api).get('/report/nothing-here');
    expect(page.status).toBe(404);
    expect(heading(page.text)).toBe('Page not found');
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const json = await api.http.get('/api/v1/nothing-here');
    expect(json.status).toBe(404);
    expect(json.body).toMatchObject({ statusCode: 404 });
    expect(json.headers['content-security-policy']).toBe("default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests");
  });
});
