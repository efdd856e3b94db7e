// zod's own messages are English («Invalid input: expected string, received array», «Too big: expected string to have
// <=200 characters»). A field whose schema says its message keeps it; for the rest — a value of the wrong type from a
// hand-made request (an array, an object, a number in JSON), a length or a range a schema states without words — these
// plain Russian ones stand in. Installed once for every schema of the app (web/forms.ts).
import type { $ZodRawIssue } from 'zod/v4/core';

/** «не больше N символов» takes the genitive: 1, 21, 101 символа; the rest символов. */
const chars = (n: number) => `${n} ${n % 10 === 1 && n % 100 !== 11 ? 'символа' : 'символов'}`;

export function russianZodMessage(issue: $ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'Заполните поле.' : 'Неверное значение поля.';
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `Слишком длинно: не больше ${chars(max)}.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Слишком много значений: не больше ${max}.`;
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return issue.inclusive ? `Не больше ${max}.` : `Меньше ${max}.`;
      return 'Слишком большое значение.';
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'Заполните поле.' : `Слишком коротко: не меньше ${chars(min)}.`;
      if (issue.origin === 'array' || issue.origin === 'set') return 'Выберите хотя бы одно значение.';
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return issue.inclusive ? `Не меньше ${min}.` : `Больше ${min}.`;
      return 'Слишком маленькое значение.';
    }
    case 'invalid_format':
      if (issue.format === 'uuid' || issue.format === 'guid') return 'Выберите значение из списка.';
      if (issue.format === 'email') return 'Проверьте адрес электронной почты.';
      if (issue.format === 'date' || issue.format === 'datetime' || issue.format === 'time') return 'Проверьте дату и время.';
      return 'Неверный формат.';
    case 'invalid_value':
      return 'Выберите значение из списка.';
    case 'not_multiple_of':
      return 'Неверное число.';
    default:
      return 'Неверное значение.';
  }
}
