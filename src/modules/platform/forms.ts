import { z } from 'zod';
import { LOGIN_PATTERN } from '../accounts/rules.ts';

export const createSchoolForm = z.object({
  name: z.string({ error: 'Введите название школы.' }).trim().min(3, 'Название школы — не короче 3 символов.').max(300, 'Название слишком длинное: не больше 300 символов.'),
  address: z.string().trim().max(500, 'Адрес слишком длинный: не больше 500 символов.').optional().default(''),
  adminLogin: z.string({ error: 'Введите логин администратора.' }).trim().toLowerCase()
    .regex(LOGIN_PATTERN, 'Логин: 3–64 латинские буквы, цифры, точка, дефис или подчёркивание.'),
  adminName: z.string({ error: 'Введите ФИО администратора.' }).trim().min(3, 'Введите ФИО администратора.').max(200, 'ФИО слишком длинное.'),
});

export type CreateSchoolInput = z.output<typeof createSchoolForm>;
