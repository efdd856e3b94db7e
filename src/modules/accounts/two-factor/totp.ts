// TOTP (RFC 6238) with otpauth: a new secret, the otpauth:// link and its QR code, matching a typed code to a time step.
// SHA-1, 6 digits, 30 s: what every authenticator app (Google, Microsoft, Яндекс Ключ, FreeOTP, Aegis) reads from a QR code.
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { TOTP_DRIFT_STEPS, TOTP_PERIOD_SECONDS, totpStep } from './rules.ts';

const ISSUER = 'Отметка';

/** A new random secret (160 bits, as RFC 4226 recommends), in base32 as the apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpOf(base32: string, login: string): TOTP {
  return new TOTP({ issuer: ISSUER, label: login, secret: Secret.fromBase32(base32), algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_SECONDS });
}

/** The otpauth://totp/… link an authenticator app reads from the QR code. */
export function otpauthUri(base32: string, login: string): string {
  return totpOf(base32, login).toString();
}

/** The QR code of the link as an SVG data: URL (the CSP allows data: images; no script, no inline SVG to escape). */
export async function qrDataUrl(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

/**
 * The time step whose code equals `code` among the current step ±1, or null. `nowMs` is real time (Date.now()),
 * never the app clock: the code on the phone follows the real clock (see web/clock.ts: security timers keep real time).
 */
export function matchingStep(base32: string, code: string, nowMs: number): number | null {
  const delta = TOTP.validate({
    token: code, secret: Secret.fromBase32(base32), algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_SECONDS,
    timestamp: nowMs, window: TOTP_DRIFT_STEPS,
  });
  return delta === null ? null : totpStep(nowMs) + delta;
}

/** The code of a moment (tests and the demo of the flow only). */
export function codeAt(base32: string, nowMs: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(base32), algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_SECONDS, timestamp: nowMs });
}
