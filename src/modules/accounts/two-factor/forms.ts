import { z } from 'zod';

/** The code typed at login or to confirm an action: kept as typed, classified by classifyCode. */
export const codeForm = z.object({
  code: z.string({ error: 'Введите код.' }).trim().min(1, 'Введите код.').max(100, 'Код слишком длинный.'),
  next: z.string().max(500).optional(),
});
