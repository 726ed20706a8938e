// Build-time generator of db/seed/holidays_YYYY.csv (see README.md).
//
// It takes the public holidays of the ADMM and ADMM-Plus countries from the
// date-holidays dataset; for the countries the dataset lacks, and for the
// lunar days it stops listing after some year, it adds expected dates
// (nodataset.mjs) and the rows of extra.csv, each with its own source.
// Then every row of official.csv (a date read in an official announcement
// of that year) replaces the row of its country, region and day, verified.
// Convene never runs this at run time; it reads the CSV files it writes.
//
//   npm ci && node generate.mjs            (writes 2026, 2027 and 2028)
//   node generate.mjs 2026 2027            (only those years)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import Holidays from 'date-holidays';
import { rows as expectedRows, gaps } from './nodataset.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const seed = path.resolve(here, '../../../db/seed');
const version = createRequire(import.meta.url)('date-holidays/package.json').version;
const dataset = `date-holidays ${version}`;

// The eleven participants of the ADMM cycle, then the eight ADMM-Plus
// partners, as ISO 3166-1 alpha-3 and alpha-2.
const countries = [
  ['BRN', 'BN'], ['KHM', 'KH'], ['IDN', 'ID'], ['LAO', 'LA'], ['MYS', 'MY'], ['MMR', 'MM'],
  ['PHL', 'PH'], ['SGP', 'SG'], ['THA', 'TH'], ['VNM', 'VN'], ['TLS', 'TL'],
  ['AUS', 'AU'], ['CHN', 'CN'], ['IND', 'IN'], ['JPN', 'JP'], ['NZL', 'NZ'], ['KOR', 'KR'],
  ['RUS', 'RU'], ['USA', 'US'],
];
// Countries whose states or regions are imported as regional holidays:
// where ASEAN meetings are held. The partners' are not (national only).
const regional = new Set(['MYS', 'IDN', 'PHL', 'LAO', 'THA', 'VNM', 'KHM', 'BRN', 'SGP', 'MMR', 'TLS']);

const ordinals = ['', ' (second day)', ' (third day)', ' (fourth day)', ' (fifth day)', ' (sixth day)',
  ' (seventh day)', ' (eighth day)', ' (ninth day)'];

// days lists one holiday's days: a holiday of n days gives n rows, the
// later ones named "(second day)" and so on.
function days(h) {
  const n = Math.max(1, Math.round((h.end - h.start) / 864e5));
  const out = [];
  const first = new Date(h.date.slice(0, 10) + 'T00:00:00Z');
  for (let i = 0; i < n; i++) {
    const d = new Date(first.getTime() + i * 864e5).toISOString().slice(0, 10);
    out.push({ date: d, name: h.name + (ordinals[i] ?? ` (day ${i + 1})`), span: i > 0 });
  }
  return out;
}

// publicDays returns the public holidays of one country (or one of its
// states) in a year, one row per day.
function publicDays(iso2, state, year) {
  const hd = state ? new Holidays(iso2, state, { languages: ['en'] }) : new Holidays(iso2, { languages: ['en'] });
  const rows = [];
  for (const h of hd.getHolidays(year, 'en') || []) {
    if (h.type !== 'public') {
      continue; // bank, school, optional days and observances are not days off for everyone
    }
    rows.push(...days(h));
  }
  // The same name on consecutive days (Chinese New Year, Hari Raya) is one
  // holiday of several days: number its later days.
  rows.sort((a, b) => a.date.localeCompare(b.date));
  const seen = new Map();
  for (const r of rows) {
    if (r.span) continue;
    const prev = seen.get(r.name);
    const dayBefore = new Date(Date.parse(r.date + 'T00:00:00Z') - 864e5).toISOString().slice(0, 10);
    if (prev && prev.last === dayBefore) {
      prev.count++;
      prev.last = r.date;
      r.name += ordinals[prev.count - 1] ?? ` (day ${prev.count})`;
    } else {
      seen.set(r.name, { last: r.date, count: 1 });
    }
  }
  return oneADay(rows);
}

// oneADay keeps one row a day: a day of a longer holiday gives way to a
// holiday of its own, and two holidays on one day share a row.
function oneADay(rows) {
  const byDate = new Map();
  for (const r of rows) {
    const o = byDate.get(r.date);
    if (!o) {
      byDate.set(r.date, r);
    } else if (o.span && !r.span) {
      byDate.set(r.date, r);
    } else if (!r.span && o.name !== r.name) {
      o.name += ' / ' + r.name;
    }
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}

// readCSV reads extra.csv or official.csv: country,date,name,source,region.
function readCSV(file) {
  const out = [];
  for (const [i, raw] of fs.readFileSync(path.join(here, file), 'utf8').split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('country,')) continue;
    const f = splitCSV(line);
    if (f.length < 4 || !/^\d{4}-\d{2}-\d{2}$/.test(f[1])) {
      throw new Error(`${file}:${i + 1}: want country,date,name,source[,region]`);
    }
    out.push({ country: f[0], date: f[1], name: f[2], source: f[3], region: f[4] ?? '' });
  }
  return out;
}

function splitCSV(line) {
  const out = [];
  let cur = '', quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(cur.trim()); cur = ''; }
    else cur += c;
  }
  out.push(cur.trim());
  return out;
}

function field(s) {
  return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

const header = (year) => `# Public holidays of ${year} for the eleven participants of the ADMM cycle
# (BRN KHM IDN LAO MYS MMR PHL SGP THA VNM TLS) and the eight ADMM-Plus
# partners (AUS CHN IND JPN NZL KOR RUS USA), one row per day off.
# GENERATED by internal/tools/holidaygen (node generate.mjs): edit its
# official.csv or extra.csv and regenerate, do not edit this file by hand.
#
# Columns: country (ISO 3166-1 alpha-3), date (YYYY-MM-DD), name (English),
# verified (yes/no), source, region (empty: national; otherwise the ISO
# 3166-2 code of the state or region where it is a holiday, e.g. MY-07 for
# Pulau Pinang).
#
# verified=yes only for a row read in an official announcement of this
# year's dates (government gazette, ministry or cabinet release, official
# government holiday page); its source is that announcement's address.
# verified=no: the source says where the date comes from:
# "${dataset}" is the maintained date-holidays dataset (public
# holidays only, computed or listed by its authors, not checked by
# Convene; its data is licensed CC BY-SA 3.0, see the generator's
# README.md); a source that starts with "expected" is a date the generator
# estimated. Lunar and announced-late holidays (Hari Raya, Vesak, Chinese
# New Year, Thingyan, Pchum Ben, Boun That Luang...) carry their expected
# date and stay unverified until an official list for the year gives it.
# Confirm with the embassy or the gazette before relying on an unverified
# row.
country,date,name,verified,source,region
`;

function generate(year, official, extra) {
  const rows = [];
  for (const [iso3, iso2] of countries) {
    const groups = new Map(); // region -> rows
    const add = (region, r) => {
      if (!groups.has(region)) groups.set(region, []);
      groups.get(region).push(r);
    };
    const hd = new Holidays();
    const borrowed = (c, prefix) => {
      const r = publicDays(c, null, year).find((x) => x.name.startsWith(prefix));
      return r && { date: r.date, source: dataset };
    };
    const expected = expectedRows(iso3, year, borrowed);
    if (expected) {
      for (const r of expected) {
        const g = groups.get(r.region);
        const same = g && g.find((o) => o.date === r.date);
        if (same) same.name += ' / ' + r.name;
        else add(r.region, { date: r.date, name: r.name, verified: 'no', source: r.source });
      }
    } else if (hd.getCountries('en')[iso2]) {
      const national = publicDays(iso2, null, year);
      for (const r of national) add('', { ...r, verified: 'no', source: dataset });
      if (regional.has(iso3)) {
        const nat = new Set(national.map((r) => r.date));
        for (const st of Object.keys(hd.getStates(iso2) || {})) {
          for (const r of publicDays(iso2, st, year)) {
            if (!nat.has(r.date)) add(`${iso2}-${st}`, { ...r, verified: 'no', source: dataset });
          }
        }
      }
    }
    if (!expected) {
      for (const r of gaps(iso3, year)) {
        const g = groups.get(r.region) || [];
        if (g.some((o) => o.name.includes(r.has))) continue;
        const same = g.find((o) => o.date === r.date);
        if (same) same.name += ' / ' + r.name;
        else add(r.region, { date: r.date, name: r.name, verified: 'no', source: r.source });
      }
    }
    const inYear = (x) => x.country === iso3 && x.date.startsWith(`${year}-`);
    for (const x of extra.filter(inYear)) {
      const g = groups.get(x.region) || [];
      const i = g.findIndex((r) => r.date === x.date);
      const r = { date: x.date, name: x.name, verified: 'no', source: x.source };
      if (i >= 0) g[i] = r; else add(x.region, r);
    }
    for (const x of official.filter(inYear)) {
      const g = (groups.get(x.region) || []).filter((r) => r.date !== x.date);
      g.push({ date: x.date, name: x.name, verified: 'yes', source: x.source });
      groups.set(x.region, g);
    }
    const regions = [...groups.keys()].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
    for (const region of regions) {
      for (const r of groups.get(region).sort((a, b) => a.date.localeCompare(b.date))) {
        rows.push([iso3, r.date, r.name, r.verified, r.source, region]);
      }
    }
  }
  const body = rows.map((r) => r.map(field).join(',')).join('\n') + '\n';
  fs.writeFileSync(path.join(seed, `holidays_${year}.csv`), header(year) + body);
  return rows;
}

const years = process.argv.slice(2).map(Number);
const official = readCSV('official.csv');
const extra = readCSV('extra.csv');
for (const year of years.length ? years : [2026, 2027, 2028]) {
  const rows = generate(year, official, extra);
  console.log(`holidays_${year}.csv: ${rows.length} rows, ${rows.filter((r) => r[3] === 'yes').length} verified`);
}
