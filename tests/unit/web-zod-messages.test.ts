import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseForm } from '../../src/web/forms.ts';

// zod's defaults are English; web/forms.ts installs Russian ones for every schema (src/web/zod-messages.ts). The form
// fuzz found «Invalid input: expected string, received array» and «Too big: expected string to have <=200 characters»
// on the setup and КТП forms, for arrays and objects sent where one value goes and for 100 KB strings.
const message = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? null : r.error.issues[0]!.message;
};

describe('zod messages without a message of the schema', () => {
  it.each<[string, z.ZodType, unknown, string]>([
    ['a missing string', z.string(), undefined, 'Заполните поле.'],
    ['an array for a string', z.string(), ['a', 'b'], 'Неверное значение поля.'],
    ['an object for a string', z.string(), { $gt: '' }, 'Неверное значение поля.'],
    ['a number for a string', z.string(), 5, 'Неверное значение поля.'],
    ['a string for a number', z.number(), 'пять', 'Неверное значение поля.'],
    ['a long string', z.string().max(200), 'x'.repeat(201), 'Слишком длинно: не больше 200 символов.'],
    ['a long string, 1', z.string().max(1), 'xx', 'Слишком длинно: не больше 1 символа.'],
    ['a long string, 21', z.string().max(21), 'x'.repeat(30), 'Слишком длинно: не больше 21 символа.'],
    ['a long string, 11', z.string().max(11), 'x'.repeat(30), 'Слишком длинно: не больше 11 символов.'],
    ['a long string, 22', z.string().max(22), 'x'.repeat(30), 'Слишком длинно: не больше 22 символов.'],
    ['an empty string', z.string().min(1), '', 'Заполните поле.'],
    ['a short string', z.string().min(3), 'ab', 'Слишком коротко: не меньше 3 символов.'],
    ['a big number', z.number().max(10), 11, 'Не больше 10.'],
    ['a small number', z.number().min(1), 0, 'Не меньше 1.'],
    ['a positive number', z.number().positive(), 0, 'Больше 0.'],
    ['too many values', z.array(z.string()).max(2), ['a', 'b', 'c'], 'Слишком много значений: не больше 2.'],
    ['no values', z.array(z.string()).min(1), [], 'Выберите хотя бы одно значение.'],
    ['a malformed uuid', z.uuid(), 'not-a-uuid', 'Выберите значение из списка.'],
    ['a malformed e-mail', z.email(), 'not-an-email', 'Проверьте адрес электронной почты.'],
    ['a value not in the list', z.enum(['a', 'b']), 'c', 'Выберите значение из списка.'],
    ['a literal', z.literal('on'), 'off', 'Выберите значение из списка.'],
    ['a regex', z.string().regex(/^\d+$/), 'x', 'Неверный формат.'],
    ['a multiple', z.number().multipleOf(5), 3, 'Неверное число.'],
    ['a union', z.union([z.literal(''), z.uuid()]), 5, 'Неверное значение.'],
  ])('%s', (_name, schema, value, expected) => {
    expect(message(schema, value)).toBe(expected);
  });

  it("keeps a schema's own messages", () => {
    expect(message(z.string({ error: 'Введите название.' }), ['a'])).toBe('Введите название.');
    expect(message(z.string().min(1, 'Введите логин.'), '')).toBe('Введите логин.');
    expect(message(z.string().max(3, 'Не больше трёх.'), 'abcd')).toBe('Не больше трёх.');
  });

  it('reaches the field through parseForm', () => {
    const r = parseForm(z.object({ title: z.string().max(5) }), { title: ['a', 'b'] });
    expect(!r.ok && r.errors).toEqual({ title: 'Неверное значение поля.' });
  });
});
