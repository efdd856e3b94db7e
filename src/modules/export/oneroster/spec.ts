// The OneRoster 1.2 CSV binding as this export writes it: file names, the exact column headers in order, and the
// vocabularies we use. Source: 1EdTech OneRoster: CSV Binding, Spec Version 1.2.1 (Final Release, 22 August 2023,
// https://www.imsglobal.org/spec/oneroster/v1p2/bind/csv), section 3 «CSV Format» (one table per file) and section 2
// «CSV Overview» (manifest.csv, bulk/delta, the zip). Column lists cross-checked against two implementations: the
// rostering tables against one validated by 1EdTech's official 1.2.1 CSV conformance set (719 cases), the gradebook
// tables against the same library (not covered by that set: less certain). In bulk files status and dateLastModified
// stay empty (section 2); dates are YYYY-MM-DD; lists are comma-separated inside one quoted cell.

export const MANIFEST_VERSION = '1.0';
export const ONEROSTER_VERSION = '1.2';

/** Every data file the 1.2 manifest declares (file.<name> = bulk | delta | absent), in the binding's order. */
export const DATA_FILES = [
  'academicSessions', 'categories', 'classes', 'classResources', 'courseResources', 'courses', 'demographics', 'enrollments',
  'lineItemLearningObjectiveIds', 'lineItems', 'lineItemScoreScales', 'orgs', 'resources', 'resultLearningObjectiveIds', 'results',
  'resultScoreScales', 'roles', 'scoreScales', 'userProfiles', 'userResources', 'users',
] as const;
export type DataFile = (typeof DATA_FILES)[number];

const COMMON = ['sourcedId', 'status', 'dateLastModified'] as const;

/** The headers of the files this export writes (3.x of the binding), exactly as the first row of each file. */
export const HEADERS = {
  orgs: [...COMMON, 'name', 'type', 'identifier', 'parentSourcedId'],
  academicSessions: [...COMMON, 'title', 'type', 'startDate', 'endDate', 'parentSourcedId', 'schoolYear'],
  courses: [...COMMON, 'schoolYearSourcedId', 'title', 'courseCode', 'grades', 'orgSourcedId', 'subjects', 'subjectCodes'],
  classes: [
    ...COMMON, 'title', 'grades', 'courseSourcedId', 'classCode', 'classType', 'location', 'schoolSourcedId', 'termSourcedIds',
    'subjects', 'subjectCodes', 'periods',
  ],
  users: [
    ...COMMON, 'enabledUser', 'username', 'userIds', 'givenName', 'familyName', 'middleName', 'identifier', 'email', 'sms', 'phone',
    'agentSourcedIds', 'grades', 'password', 'userMasterIdentifier', 'preferredGivenName', 'preferredMiddleName',
    'preferredFamilyName', 'primaryOrgSourcedId', 'pronouns',
  ],
  roles: [...COMMON, 'userSourcedId', 'roleType', 'role', 'beginDate', 'endDate', 'orgSourcedId', 'userProfileSourcedId'],
  enrollments: [...COMMON, 'classSourcedId', 'schoolSourcedId', 'userSourcedId', 'role', 'primary', 'beginDate', 'endDate'],
  demographics: [
    ...COMMON, 'birthDate', 'sex', 'americanIndianOrAlaskaNative', 'asian', 'blackOrAfricanAmerican',
    'nativeHawaiianOrOtherPacificIslander', 'white', 'demographicRaceTwoOrMoreRaces', 'hispanicOrLatinoEthnicity',
    'countryOfBirthCode', 'stateOfBirthAbbreviation', 'cityOfBirth', 'publicSchoolResidenceStatus',
  ],
  categories: [...COMMON, 'title', 'weight'],
  lineItems: [
    ...COMMON, 'title', 'description', 'assignDate', 'dueDate', 'classSourcedId', 'categorySourcedId', 'academicSessionSourcedId',
    'resultValueMin', 'resultValueMax', 'schoolSourcedId',
  ],
  results: [
    ...COMMON, 'lineItemSourcedId', 'studentSourcedId', 'scoreStatus', 'score', 'scoreDate', 'comment', 'textScore', 'classSourcedId',
    'inProgress', 'incomplete', 'late', 'missing',
  ],
} as const satisfies Partial<Record<DataFile, readonly string[]>>;

export type WrittenFile = keyof typeof HEADERS;
export type Row<F extends WrittenFile> = { [K in (typeof HEADERS)[F][number]]?: string | number | boolean | null };

/** Columns that hold another record's sourcedId (a list where the name ends in «Ids»), and the files they point into. */
export const REFERENCES: { [F in WrittenFile]?: Record<string, readonly WrittenFile[]> } = {
  orgs: { parentSourcedId: ['orgs'] },
  academicSessions: { parentSourcedId: ['academicSessions'] },
  courses: { schoolYearSourcedId: ['academicSessions'], orgSourcedId: ['orgs'] },
  classes: { courseSourcedId: ['courses'], schoolSourcedId: ['orgs'], termSourcedIds: ['academicSessions'] },
  users: { agentSourcedIds: ['users'], primaryOrgSourcedId: ['orgs'] },
  roles: { userSourcedId: ['users'], orgSourcedId: ['orgs'] },
  enrollments: { classSourcedId: ['classes'], schoolSourcedId: ['orgs'], userSourcedId: ['users'] },
  demographics: { sourcedId: ['users'] },
  lineItems: {
    classSourcedId: ['classes'], categorySourcedId: ['categories'], academicSessionSourcedId: ['academicSessions'],
    schoolSourcedId: ['orgs'],
  },
  results: { lineItemSourcedId: ['lineItems'], studentSourcedId: ['users'], classSourcedId: ['classes'] },
};

// ── Vocabularies (1.2 data model enumerations; ext:… tokens are allowed where the binding says «or ext:») ──

/** orgs.type */
export const ORG_TYPES = ['department', 'school', 'district', 'local', 'state', 'national'] as const;
/** academicSessions.type */
export const SESSION_TYPES = ['gradingPeriod', 'semester', 'schoolYear', 'term'] as const;
/** classes.classType */
export const CLASS_TYPES = ['homeroom', 'scheduled'] as const;
/** roles.role (RoleEnum of 1.2: «administrator» of 1.1 became districtAdministrator / siteAdministrator / systemAdministrator). */
export const ROLES = [
  'aide', 'counselor', 'districtAdministrator', 'guardian', 'parent', 'principal', 'proctor', 'relative', 'siteAdministrator', 'student',
  'systemAdministrator', 'teacher',
] as const;
/** roles.roleType */
export const ROLE_TYPES = ['primary', 'secondary'] as const;
/** enrollments.role */
export const ENROLLMENT_ROLES = ['administrator', 'proctor', 'student', 'teacher'] as const;
/** demographics.sex */
export const SEXES = ['male', 'female', 'unspecified', 'other'] as const;
/** results.scoreStatus */
export const SCORE_STATUSES = ['exempt', 'fully graded', 'not submitted', 'partially graded', 'submitted'] as const;
/** users.grades, classes.grades, courses.grades: CEDS grade level codes (only these are used here: KG and 01–12). */
export const GRADE_CODES = ['KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'] as const;

export type Role = (typeof ROLES)[number] | `ext:${string}`;

/** Columns the binding requires a value in (besides sourcedId). */
export const REQUIRED: { [F in WrittenFile]: ReadonlyArray<(typeof HEADERS)[F][number]> } = {
  orgs: ['name', 'type'],
  academicSessions: ['title', 'type', 'startDate', 'endDate', 'schoolYear'],
  courses: ['title', 'orgSourcedId'],
  classes: ['title', 'courseSourcedId', 'classType', 'schoolSourcedId', 'termSourcedIds'],
  users: ['enabledUser', 'username', 'givenName', 'familyName'],
  roles: ['userSourcedId', 'roleType', 'role', 'orgSourcedId'],
  enrollments: ['classSourcedId', 'schoolSourcedId', 'userSourcedId', 'role'],
  demographics: [],
  categories: ['title'],
  lineItems: ['title', 'assignDate', 'dueDate', 'classSourcedId', 'categorySourcedId', 'academicSessionSourcedId', 'schoolSourcedId'],
  results: ['lineItemSourcedId', 'studentSourcedId', 'scoreStatus', 'scoreDate'],
};

const TRUE_FALSE = ['true', 'false'] as const;

/** Columns with a vocabulary (a list column: each item), for the checks of an exported package. */
export const VOCABULARIES: { [F in WrittenFile]?: Record<string, readonly string[]> } = {
  orgs: { type: ORG_TYPES },
  academicSessions: { type: SESSION_TYPES },
  courses: { grades: GRADE_CODES },
  classes: { classType: CLASS_TYPES, grades: GRADE_CODES },
  users: { enabledUser: TRUE_FALSE, grades: GRADE_CODES },
  roles: { roleType: ROLE_TYPES, role: ROLES },
  enrollments: { role: ENROLLMENT_ROLES, primary: TRUE_FALSE },
  demographics: { sex: SEXES },
  results: { scoreStatus: SCORE_STATUSES, incomplete: TRUE_FALSE },
};

/** Date columns (YYYY-MM-DD). */
export const DATE_COLUMNS = ['startDate', 'endDate', 'beginDate', 'birthDate', 'assignDate', 'dueDate', 'scoreDate'] as const;
