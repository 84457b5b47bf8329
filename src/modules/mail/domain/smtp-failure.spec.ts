import { classifySmtpError } from './smtp-failure';

describe('classifySmtpError (RFC 5321 reply codes)', () => {
  it.each([
    [{ code: 'EPROTOCOL', responseCode: 421, command: 'CONN', response: '421 Service not available' }, 'transient', 421, '421 Service not available'],
    [{ code: 'EMESSAGE', responseCode: 451, command: 'DATA', response: '451 Try later' }, 'transient', 451, '451 Try later'],
    [{ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 No such user' }, 'permanent', 550, '550 No such user'],
    [{ code: 'EMESSAGE', responseCode: 554, response: '554 Rejected as spam' }, 'permanent', 554, '554 Rejected as spam'],
    [{ code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:1' }, 'transient', null, 'connect ECONNREFUSED 127.0.0.1:1'],
    [{ code: 'ETIMEDOUT', message: 'Greeting never received' }, 'transient', null, 'Greeting never received'],
    [{ code: 'EAUTH', responseCode: 535, response: '535 Authentication failed' }, 'transient', 535, '535 Authentication failed'],
    [{}, 'transient', null, 'unknown SMTP error'],
  ])('%j -> %s', (error, kind, responseCode, detail) => {
    expect(classifySmtpError(error)).toEqual({ kind, responseCode, detail });
  });
});
