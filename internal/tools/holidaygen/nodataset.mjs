// Holidays of the participants that the date-holidays dataset does not
// cover (Cambodia, Lao PDR, Myanmar, Timor-Leste). Every row here is an
// EXPECTED date and stays unverified:
//
// - fixed dates: the country's usual list (the same days as
//   holidays_2025.csv; Timor-Leste's from Law 10/2005 as the government
//   listed them for 2022);
// - Buddhist lunar holidays: the astronomical full (or new) moon in the
//   country's time zone. The Khmer, Lao and Myanmar calendars are
//   computed differently and can be a day off, or a whole month in a year
//   with a leap month: the official list of the year decides;
// - Easter-based days: the Gregorian computus;
// - Eid and Deepavali: the date date-holidays gives for Indonesia and
//   Malaysia (the same astronomical event).
import { moonphase, julian } from 'astronomia';

const fixedNote = (iso3) => ({
  KHM: 'expected: fixed date of the usual Cambodian list (not in the date-holidays dataset)',
  LAO: 'expected: fixed date of the usual Lao list (not in the date-holidays dataset)',
  MMR: 'expected: fixed date of the usual Myanmar list (not in the date-holidays dataset)',
  TLS: 'expected: fixed date under Law 10/2005 as listed for 2022 (https://timor-leste.gov.tl/?lang=tp&p=30266)',
})[iso3];
const moonNote = 'expected: computed from the astronomical moon phase; the national lunar calendar can differ by a day, or a month in a leap year';
const easterNote = 'expected: computed from Easter (Gregorian computus)';

const fixed = {
  KHM: [['01-01', "International New Year's Day"], ['01-07', 'Victory over Genocide Day'],
    ['03-08', "International Women's Day"], ['04-14', 'Khmer New Year'], ['04-15', 'Khmer New Year (second day)'],
    ['04-16', 'Khmer New Year (third day)'], ['05-01', 'International Labour Day'], ['05-14', "King's Birthday"],
    ['06-18', "Queen Mother's Birthday"], ['09-24', 'Constitution Day'],
    ['10-15', "Commemoration Day of the King's Father"], ['10-29', "King's Coronation Day"],
    ['11-09', 'Independence Day'], ['12-29', 'Peace Day']],
  LAO: [['01-01', "International New Year's Day"], ['03-08', "International Women's Day"],
    ['04-14', 'Lao New Year'], ['04-15', 'Lao New Year (second day)'], ['04-16', 'Lao New Year (third day)'],
    ['05-01', 'International Labour Day'], ['12-02', 'National Day']],
  MMR: [['01-04', 'Independence Day'], ['02-12', 'Union Day'], ['03-02', "Peasants' Day"],
    ['03-27', 'Armed Forces Day'], ['04-13', 'Thingyan'], ['04-14', 'Thingyan (second day)'],
    ['04-15', 'Thingyan (third day)'], ['04-16', 'Thingyan (fourth day)'], ['04-17', 'Myanmar New Year'],
    ['05-01', 'Labour Day'], ['07-19', "Martyrs' Day"], ['12-25', 'Christmas Day']],
  TLS: [['01-01', "New Year's Day"], ['03-03', "Veterans' Day"], ['05-01', 'Labour Day'],
    ['05-20', 'Restoration of Independence Day'], ['08-30', 'Popular Consultation Day'],
    ['11-01', "All Saints' Day"], ['11-02', "All Souls' Day"], ['11-12', 'National Youth Day'],
    ['11-28', 'Proclamation of Independence Day'], ['12-07', 'Memorial Day'],
    ['12-08', 'Immaculate Conception'], ['12-25', 'Christmas Day'], ['12-31', 'National Heroes Day']],
};

const day = 864e5;
const iso = (t) => new Date(t).toISOString().slice(0, 10);
const plus = (d, n) => iso(Date.parse(d + 'T00:00:00Z') + n * day);

// phases lists the local dates of every full (or new) moon of a year and
// the next, in a zone offset by hours from UTC.
function phases(year, hours, kind) {
  const out = [];
  for (let k = -1; k < 27; k++) {
    const jde = moonphase[kind](year + k / 12.3685 + 0.02);
    const d = iso(julian.JDToDate(jde).getTime() + hours * 3600e3);
    if (!out.includes(d)) out.push(d);
  }
  return out.sort();
}

// firstOnOrAfter is the first full (new) moon on or after a day of the year.
function firstOnOrAfter(year, hours, kind, mmdd) {
  const from = `${year}-${mmdd}`;
  return phases(year, hours, kind).find((d) => d >= from);
}

// lunar returns the full moon n lunar months after Vesak (the full moon of
// the sixth Thai month): the first full moon on or after 7 May, which puts
// Thailand's Visakha Bucha of 2010-2026 within a day, leap months included.
// Makha Bucha is n=-3, Asalha Bucha n=2, the end of the Rains n=5, the
// twelfth month (Loy Krathong, Water Festival, That Luang) n=6.
export function lunar(year, hours, n) {
  const fm = phases(year, hours, 'full');
  const i = fm.findIndex((d) => d >= `${year}-05-07`);
  return fm[i + n];
}

// newMoonBefore is the last new moon before a day.
function newMoonBefore(year, hours, date) {
  return phases(year, hours, 'newMoon').filter((d) => d < date).pop();
}

function easter(year) {
  const a = year % 19, b = Math.floor(year / 100), c = year % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451), month = Math.floor((h + l - 7 * m + 114) / 31);
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
}

// rows returns the expected holidays of a country the dataset lacks, or
// null for a country it has. borrowed(iso2, prefix) gives the first
// date-holidays day of that country whose name starts with prefix.
export function rows(iso3, year, borrowed) {
  if (!fixed[iso3]) return null;
  const out = fixed[iso3].map(([md, name]) => ({ date: `${year}-${md}`, name, source: fixedNote(iso3), region: '' }));
  const add = (date, name, source = moonNote, region = '') => {
    if (date && date.startsWith(`${year}-`)) out.push({ date, name, source, region });
  };
  const ict = 7, mmt = 6.5;
  if (iso3 === 'KHM') {
    const visak = lunar(year, ict, 0);
    add(visak, 'Visak Bochea Day');
    add(plus(visak, 4), 'Royal Ploughing Ceremony');
    const pchum = newMoonBefore(year, ict, lunar(year, ict, 5));
    add(plus(pchum, -1), 'Pchum Ben Festival');
    add(pchum, 'Pchum Ben Festival (second day)');
    add(plus(pchum, 1), 'Pchum Ben Festival (third day)');
    const water = lunar(year, ict, 6);
    add(plus(water, -1), 'Water Festival');
    add(water, 'Water Festival (second day)');
    add(plus(water, 1), 'Water Festival (third day)');
  }
  if (iso3 === 'LAO') {
    // Boun That Luang is a holiday in Vientiane Capital only.
    add(lunar(year, ict, 6), 'Boun That Luang', moonNote, 'LA-VT');
  }
  if (iso3 === 'MMR') {
    add(lunar(year, mmt, -2), 'Full Moon Day of Tabaung');
    add(lunar(year, mmt, 0), 'Full Moon Day of Kasong');
    add(lunar(year, mmt, 2), 'Full Moon Day of Waso');
    const thadingyut = lunar(year, mmt, 5);
    add(plus(thadingyut, -1), 'Thadingyut Holidays');
    add(thadingyut, 'Full Moon Day of Thadingyut');
    add(plus(thadingyut, 1), 'Thadingyut Holidays (third day)');
    const tazaung = lunar(year, mmt, 6);
    add(plus(tazaung, -1), 'Tazaungdaing Holidays');
    add(tazaung, 'Full Moon Day of Tazaungmon');
    add(plus(tazaung, 10), 'National Day');
    const adha = borrowed('ID', 'Feast of the Sacrifice');
    add(adha?.date, 'Eid al-Adha', `expected: the date ${adha?.source} gives for Indonesia`);
    const deepavali = borrowed('MY', 'Deepavali');
    add(deepavali?.date, 'Deepavali', `expected: the date ${deepavali?.source} gives for Malaysia`);
  }
  if (iso3 === 'TLS') {
    const e = easter(year);
    add(plus(e, -2), 'Good Friday', easterNote);
    add(plus(e, 60), 'Corpus Christi', easterNote);
    const fitri = borrowed('ID', 'End of Ramadan');
    add(fitri?.date, 'Idul Fitri', `expected: the date ${fitri?.source} gives for Indonesia`);
    const adha = borrowed('ID', 'Feast of the Sacrifice');
    add(adha?.date, 'Idul Adha', `expected: the date ${adha?.source} gives for Indonesia`);
  }
  return out;
}

// gaps returns expected rows for lunar holidays the dataset stops listing
// after some year (its Thai, Malaysian and Singaporean Buddhist days and
// Thaipusam are year-by-year tables): each with the text that an existing
// dataset row's name contains when the dataset has it.
export function gaps(iso3, year) {
  const out = [];
  const add = (date, name, has, region = '') => {
    if (date && date.startsWith(`${year}-`)) out.push({ date, name, has, region, source: moonNote });
  };
  const sundayToMonday = (date, name, has, region = '') => {
    add(date, name, has, region);
    if (date && new Date(date + 'T00:00:00Z').getUTCDay() === 0) add(plus(date, 1), name + ' (substitute day)', has, region);
  };
  if (iso3 === 'THA') {
    add(lunar(year, 7, -3), 'Makha Bucha', 'Makha');
    add(lunar(year, 7, 0), 'Vesak Day', 'Vesak');
    const asalha = lunar(year, 7, 2);
    add(asalha, 'Asalha Puja', 'Asalha');
    add(asalha && plus(asalha, 1), 'Buddhist Lent', 'Lent');
  }
  if (iso3 === 'MYS' || iso3 === 'SGP') {
    sundayToMonday(lunar(year, 8, 0), 'Vesak Day', 'Vesak');
  }
  if (iso3 === 'IDN') {
    add(lunar(year, 8, 0), 'Vesak Day', 'Vesak');
    add(firstOnOrAfter(year, 8, 'newMoon', '03-01'), 'Nyepi', 'Nyepi');
  }
  if (iso3 === 'MYS') {
    // Thaipusam: the day before the full moon of the Tamil month Thai
    // (2023-2026 as date-holidays lists them), in the states that keep it.
    const fm = firstOnOrAfter(year, 8, 'full', '01-15');
    for (const st of ['01', '02', '05', '07', '08', '10', '14', '16']) {
      add(fm && plus(fm, -1), 'Thaipusam', 'Thaipusam', `MY-${st}`);
    }
  }
  return out;
}
