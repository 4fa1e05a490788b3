import { createHmac } from 'node:crypto';
import { signGatewayBody, verifyGatewaySignature } from './gateway-signature';

const secret = 'a-shared-secret-of-some-length';
const body = '{"reference":"n-1","messageId":"m-1","status":"delivered","at":"2026-11-25T10:15:00.000Z"}';

describe('gateway receipt signature', () => {
  it('is the hex HMAC-SHA256 of the raw body, prefixed sha256=', () => {
    const hex = createHmac('sha256', secret).update(body).digest('hex');
    expect(signGatewayBody(secret, body)).toBe(`sha256=${hex}`);
    expect(signGatewayBody(secret, Buffer.from(body))).toBe(`sha256=${hex}`);
  });

  it('accepts the signature of the exact body, also in upper-case hex', () => {
    const sig = signGatewayBody(secret, body);
    expect(verifyGatewaySignature(secret, body, sig)).toBe(true);
    expect(verifyGatewaySignature(secret, Buffer.from(body), `sha256=${sig.slice(7).toUpperCase()}`)).toBe(true);
  });

  it('refuses a changed body, another secret, and missing or malformed headers', () => {
    const sig = signGatewayBody(secret, body);
    expect(verifyGatewaySignature(secret, body.replace('delivered', 'failed'), sig)).toBe(false);
    expect(verifyGatewaySignature(`${secret}x`, body, sig)).toBe(false);
    expect(verifyGatewaySignature('', body, signGatewayBody('', body))).toBe(false);
    for (const bad of [undefined, null, '', 'sha256=', sig.slice(7), `sha1=${sig.slice(7)}`, `${sig}00`, [sig, sig]]) {
      expect(verifyGatewaySignature(secret, body, bad)).toBe(false);
    }
  });
});
