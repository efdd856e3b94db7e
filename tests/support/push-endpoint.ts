// A web push service stood up by a test: HTTPS on 127.0.0.1 with a self-signed certificate (openssl), recording each
// request; `answer` sets the status it replies with (201, or 410 for a dropped subscription). decryptPush reads an
// aes128gcm body (RFC 8188/8291) with the browser-side keys made by pushKeys — node:crypto only.
import { execFileSync } from 'node:child_process';
import { createECDH, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent, createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type PushRequest = { path: string; headers: Record<string, string | string[] | undefined>; body: Buffer };
export type PushEndpoint = { origin: string; agent: Agent; received: PushRequest[]; answer: { status: number }; close(): Promise<void> };

export async function startPushEndpoint(): Promise<PushEndpoint> {
  const dir = mkdtempSync(join(tmpdir(), 'push-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const cert = readFileSync(join(dir, 'cert.pem'));
  const received: PushRequest[] = [];
  const answer = { status: 201 };
  const server: Server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(answer.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const agent = new Agent({ ca: cert });
  return { origin: `https://127.0.0.1:${port}`, agent, received, answer, close: () => new Promise((r) => { agent.destroy(); server.close(() => r()); }) };
}

const b64u = (b: Buffer) => b.toString('base64url');

/** A browser's subscription keys: the P-256 key pair and the auth secret. */
export function pushKeys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return { ecdh, auth, p256dh: b64u(ecdh.getPublicKey()), authB64: b64u(auth) };
}

const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();

/** Decrypts an aes128gcm push message body with the browser's keys (RFC 8291 §3.4, RFC 8188 §2). */
export function decryptPush(body: Buffer, keys: ReturnType<typeof pushKeys>): string {
  const salt = body.subarray(0, 16);
  const idLen = body[20]!;
  const asPublic = body.subarray(21, 21 + idLen);
  const ciphertext = body.subarray(21 + idLen);
  const secret = keys.ecdh.computeSecret(asPublic);
  const prkKey = hmac(keys.auth, secret);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), keys.ecdh.getPublicKey(), asPublic, Buffer.from([1])]);
  const ikm = hmac(prkKey, keyInfo);
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const plain = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end -= 1;
  if (plain[end] !== 2) throw new Error('not the last record');
  return plain.subarray(0, end).toString('utf8');
}
