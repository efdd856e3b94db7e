// The time zones a school may pick (setup → «Часовой пояс»): Russia's eleven zones (with the big cities that share one)
// and Kyrgyzstan's. An IANA name is stored; Intl computes the offset, so a future change of a zone's rules needs no code.

export const SCHOOL_TIME_ZONES: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'Europe/Kaliningrad', label: 'Калининград (МСК−1, UTC+2)' },
  { value: 'Europe/Moscow', label: 'Москва (МСК, UTC+3)' },
  { value: 'Europe/Volgograd', label: 'Волгоград (МСК, UTC+3)' },
  { value: 'Europe/Samara', label: 'Самара, Ижевск (МСК+1, UTC+4)' },
  { value: 'Europe/Astrakhan', label: 'Астрахань, Ульяновск (МСК+1, UTC+4)' },
  { value: 'Europe/Saratov', label: 'Саратов (МСК+1, UTC+4)' },
  { value: 'Asia/Yekaterinburg', label: 'Екатеринбург, Челябинск, Уфа, Пермь (МСК+2, UTC+5)' },
  { value: 'Asia/Omsk', label: 'Омск (МСК+3, UTC+6)' },
  { value: 'Asia/Novosibirsk', label: 'Новосибирск (МСК+4, UTC+7)' },
  { value: 'Asia/Barnaul', label: 'Барнаул (МСК+4, UTC+7)' },
  { value: 'Asia/Tomsk', label: 'Томск (МСК+4, UTC+7)' },
  { value: 'Asia/Krasnoyarsk', label: 'Красноярск, Кемерово (МСК+4, UTC+7)' },
  { value: 'Asia/Irkutsk', label: 'Иркутск, Улан-Удэ (МСК+5, UTC+8)' },
  { value: 'Asia/Chita', label: 'Чита (МСК+6, UTC+9)' },
  { value: 'Asia/Yakutsk', label: 'Якутск, Благовещенск (МСК+6, UTC+9)' },
  { value: 'Asia/Vladivostok', label: 'Владивосток, Хабаровск (МСК+7, UTC+10)' },
  { value: 'Asia/Sakhalin', label: 'Южно-Сахалинск (МСК+8, UTC+11)' },
  { value: 'Asia/Magadan', label: 'Магадан (МСК+8, UTC+11)' },
  { value: 'Asia/Srednekolymsk', label: 'Среднеколымск (МСК+8, UTC+11)' },
  { value: 'Asia/Kamchatka', label: 'Петропавловск-Камчатский, Анадырь (МСК+9, UTC+12)' },
  { value: 'Asia/Bishkek', label: 'Бишкек (UTC+6)' },
];

export const SCHOOL_TIME_ZONE_NAMES = SCHOOL_TIME_ZONES.map((z) => z.value) as [string, ...string[]];

/** The label of a stored zone (a zone set by other means than the form is shown as its IANA name). */
export const timeZoneLabel = (value: string) => SCHOOL_TIME_ZONES.find((z) => z.value === value)?.label ?? value;
