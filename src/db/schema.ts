// Schema index for drizzle-kit and the typed Db: every module's tables.
export * from '../modules/platform/schema.ts';
export * from '../modules/accounts/schema.ts';
export * from '../modules/audit/schema.ts';
export * from '../modules/people/schema.ts';
export * from '../modules/setup/schema.ts';
export * from '../modules/contingent/schema.ts';
export * from '../modules/imports/schema.ts';
export * from '../modules/curriculum/schema.ts';
export * from '../modules/schedule/schema.ts';
export * from '../modules/journal/schema.ts';
export * from '../modules/diary/schema.ts';
export * from '../modules/messages/schema.ts';
export * from '../modules/alerts/schema.ts';
export * from '../modules/calendar/schema.ts';
export * from '../modules/accounts/oidc/schema.ts';
export * from '../modules/consents/schema.ts';
