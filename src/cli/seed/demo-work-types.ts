// Demo: the default work types (ответ, ДЗ, КР…) in a demo school built by buildSchool (which bypasses createSchool).
import type { Db } from '../../db/client.ts';
import { withSchool } from '../../db/tenant.ts';
import { insertDefaultWorkTypes } from '../../modules/journal/work-types.ts';
import type { BuiltSchool } from './builder.ts';

export async function seedDemoWorkTypes(db: Db, built: Pick<BuiltSchool, 'schoolId'>): Promise<void> {
  await withSchool(db, built.schoolId, (tx) => insertDefaultWorkTypes(tx, built.schoolId));
}
