// The one cleaning of submitted text (forms, query strings, JSON): control characters go, a <textarea>'s line breaks and
// tabs stay (CRLF and a lone CR as LF), a single-line field gets a space for them, a password stays as typed but NUL.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanJsonInput, MULTI_LINE, parseUrlEncoded } from '../../src/web/input.ts';

const form = (fields: Record<string, string>) => parseUrlEncoded(new URLSearchParams(fields).toString());

describe('parseUrlEncoded', () => {
  it.each([
    ['lastName', '\u001b[31mИванов\u001b[0m', 'Иванов'],
    ['lastName', 'Иванов\u001b[1;31m', 'Иванов'],
    ['lastName', 'Иванов\u001b', 'Иванов'],
    ['lastName', '[31mИванов', '[31mИванов'],
    ['lastName', '\u0001Ива\u0008нов\u007f', 'Иванов'],
    ['lastName', 'Ива\u0000нов', 'Иванов'],
    ['lastName', 'Иванов\u009b31m', 'Иванов'],
    ['lastName', 'Иванов\rИван', 'Иванов Иван'],
    ['lastName', 'Иванов\r\nИван', 'Иванов Иван'],
    ['lastName', 'Иванов\tИван\nИванович', 'Иванов Иван Иванович'],
    ['subject', 'Тема\u001b[0m', 'Тема'],
    ['body', 'Строка 1\r\nСтрока 2\rСтрока 3\n\tотступ\u0007', 'Строка 1\nСтрока 2\nСтрока 3\n\tотступ'],
    ['reason', 'по \u001b[2Jпричине\r\n', 'по причине\n'],
    ['password', 'пароль\t\u001b1\u0000', 'пароль\t\u001b1'],
    ['newPassword', 'x\ty', 'x\ty'],
    ['q', 'Иванова  Мария ёжик 😀 «кавычки» — тире', 'Иванова  Мария ёжик 😀 «кавычки» — тире'],
  ])('%s: %j → %j', (key, value, cleaned) => {
    expect(form({ [key]: value })[key]).toBe(cleaned);
  });

  it('cleans keys and every value of a repeated field', () => {
    expect(parseUrlEncoded('na%1Bme=a&studentId=x%01&studentId=y%7F')).toEqual({ name: 'a', studentId: ['x', 'y'] });
  });
});

describe('cleanJsonInput', () => {
  it('cleans nested strings by the key they stand under', () => {
    expect(cleanJsonInput({ value: '5\u001b', reason: 'a\r\nb', list: ['x\u0008', { body: 'c\rd', title: 'e\nf' }], n: 4, ok: null }))
      .toEqual({ value: '5', reason: 'a\nb', list: ['x', { body: 'c\nd', title: 'e f' }], n: 4, ok: null });
  });
});

describe('MULTI_LINE', () => {
  it('names every <textarea> of the views', () => {
    const root = path.resolve(import.meta.dirname, '../../views');
    const names = new Set<string>();
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.eta')) for (const m of readFileSync(p, 'utf8').matchAll(/<textarea[^>]*\sname="([^"]+)"/g)) names.add(m[1]!);
      }
    };
    walk(root);
    expect(names.size).toBeGreaterThan(0);
    expect([...names].filter((n) => !MULTI_LINE.has(n))).toEqual([]);
  });
});
