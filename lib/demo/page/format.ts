/** Formatting for the dashboard: times, initials, colours. Pure functions. */

/** `14:02` today, `Mon 14:02` this week, `12 Mar` before. */
export function shortTime(ms: number, now: number = Date.now()): string {
  const date = new Date(ms);
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const age = now - ms;
  if (age < 20 * 3600 * 1000 && new Date(now).getDate() === date.getDate()) return time;
  if (age < 6 * 24 * 3600 * 1000) return `${date.toLocaleDateString([], { weekday: 'short' })} ${time}`;
  return date.toLocaleDateString([], { day: 'numeric', month: 'short' });
}

/** Two letters for an avatar. */
export function initials(name: string): string {
  const words = name
    .replace(/^guest-/, '')
    .split(/[\s._-]+/)
    .filter(Boolean);
  const letters = words.length > 1 ? words[0][0] + words[1][0] : (words[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}

const HUES = [14, 38, 150, 190, 212, 256, 292, 330];

/** A stable colour per identity. */
export function colorOf(identity: string): string {
  let hash = 0;
  for (let i = 0; i < identity.length; i++) hash = (hash * 31 + identity.charCodeAt(i)) | 0;
  return `hsl(${HUES[Math.abs(hash) % HUES.length]} 55% 46%)`;
}

/** `1.2k` past a thousand. */
export function compact(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(n >= 10000 ? 0 : 1)}k` : String(n);
}
