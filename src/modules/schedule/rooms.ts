// A room as typed: «220», «каб. 220», «Каб.220», «кабинет 220» or a name («спортзал»). One room, whatever the spelling;
// printed with the prefix once: «каб. 220», «спортзал».

const PREFIX = /^(?:кабинет|каб)(?:\.\s*|\s+|(?=\d))/iu;

/** The room without a «каб.»/«кабинет» prefix: «220», «спортзал»; '' for none. For a field already titled «Кабинет». */
export function roomName(room: string | null | undefined): string {
  const r = (room ?? '').trim().replace(/\s+/g, ' ');
  return r.replace(PREFIX, '') || r;
}

/** The room as a lesson line prints it: «каб. 220» for a number (with or without the prefix typed), else as typed. */
export function roomLabel(room: string | null | undefined): string {
  const name = roomName(room);
  return /^\d/.test(name) ? `каб. ${name}` : (room ?? '').trim().replace(/\s+/g, ' ');
}
