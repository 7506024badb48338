/** Link expiry dates: a date input's "YYYY-MM-DD" (local) to and from instants. */

/** "YYYY-MM-DD" of a local date (a date input's value and min). */
export function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A date input's "YYYY-MM-DD" as the last millisecond of that day, local time (the link works all day). */
export function endOfDay(value: string): Date {
  const [y, m, d] = value.split("-").map(Number);
  return new Date(y ?? 0, (m ?? 1) - 1, d ?? 1, 23, 59, 59, 999);
}
