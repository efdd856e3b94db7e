import { z } from 'zod';

export const loginForm = z.object({
  login: z.string({ error: 'Введите логин.' }).trim().min(1, 'Введите логин.').max(100, 'Логин слишком длинный: не больше 100 символов.'),
  password: z.string({ error: 'Введите пароль.' }).min(1, 'Введите пароль.').max(200, 'Пароль слишком длинный: не больше 200 символов.'),
  next: z.string().max(500).optional(),
});

export const passwordForm = z
  .object({
    current: z.string({ error: 'Введите текущий пароль.' }).min(1, 'Введите текущий пароль.').max(200, 'Слишком длинный пароль.'),
    password: z.string({ error: 'Введите новый пароль.' }).min(1, 'Введите новый пароль.').max(200, 'Пароль слишком длинный: не больше 128 символов.'),
    confirm: z.string({ error: 'Повторите новый пароль.' }).max(200, 'Слишком длинный пароль.'),
    next: z.string().max(500).optional(),
  })
  .refine((f) => f.password === f.confirm, { path: ['confirm'], message: 'Пароли не совпадают.' });

export const selectSchoolForm = z.object({
  schoolId: z.uuid({ error: 'Выберите школу из списка.' }),
  next: z.string().max(500).optional(),
});
