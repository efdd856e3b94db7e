// The people module's pages: staff cards, student cards, guardians, and the class teacher's own class.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { registerGuardianRoutes } from './routes-guardians.ts';
import { registerMyClassRoutes } from './routes-my-class.ts';
import { registerStaffRoutes } from './routes-staff.ts';
import { registerStudentRoutes } from './routes-students.ts';

/** /people/staff…, /people/students…, /people/guardians…, /my-class */
export function registerPeopleRoutes(app: FastifyInstance, deps: { db: Db }): void {
  registerStaffRoutes(app, deps);
  registerStudentRoutes(app, deps);
  registerGuardianRoutes(app, deps);
  registerMyClassRoutes(app, deps);
}
