// An episode's playing time as podcast feeds write it in <itunes:duration> (Apple's podcast RSS tags):
// whole seconds ("1830"), MM:SS ("30:30", minutes may pass 59) or HH:MM:SS ("01:30:30"). Anything else
// ("1 hour", "1:2:3:4", an empty element) is left out rather than guessed.

/** The duration in whole seconds, or null when the text is none of the three forms. */
export function itunesDurationSeconds(text: string | number | null | undefined): number | null {
  if (typeof text === 'number') return Number.isSafeInteger(text) && text >= 0 ? text : null;
  const value = text?.trim() ?? '';
  let seconds: number | null = null;
  if (/^\d+$/.test(value)) seconds = Number(value);
  let match = /^(\d+):([0-5]\d)$/.exec(value);
  if (match) seconds = Number(match[1]) * 60 + Number(match[2]);
  match = /^(\d+):([0-5]\d):([0-5]\d)$/.exec(value);
  if (match) seconds = Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
  return seconds !== null && Number.isSafeInteger(seconds) ? seconds : null;
}
