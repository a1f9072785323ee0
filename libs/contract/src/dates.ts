// ZStack prints timestamps the way Java's DateFormat.MEDIUM does in en_US:
// "Jun 7, 2017 9:20:28 PM", in the management node's local time.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatZStackDate(date: Date | string | null | undefined): string | null {
  if (date === null || date === undefined) return null;
  const d = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(d.getTime())) return null;
  const hours = d.getHours();
  const h12 = hours % 12 === 0 ? 12 : hours % 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()} ${h12}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${hours < 12 ? 'AM' : 'PM'}`;
}

const FORMAT = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4}) (\d{1,2}):(\d{2}):(\d{2}) (AM|PM)$/;

/** The inverse, for query values and clients; also accepts ISO 8601. */
export function parseZStackDate(text: string): Date | null {
  const m = FORMAT.exec(text.trim());
  if (!m) {
    const iso = new Date(text);
    return /^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(iso.getTime()) ? iso : null;
  }
  const month = MONTHS.indexOf(m[1]);
  if (month < 0) return null;
  let hours = Number(m[4]) % 12;
  if (m[7] === 'PM') hours += 12;
  return new Date(Number(m[3]), month, Number(m[2]), hours, Number(m[5]), Number(m[6]));
}
