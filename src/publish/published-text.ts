// Text from a feed as every format publishes it: what the entry builder (published-entry.ts) and the story
// engine, telling whether an update changed what an entry shows (dedup/shown-change.ts), both read.
import { plainTextAgain } from '../parse/html-to-plain-text.js';
import { withoutLoginsInText } from './logins-in-text.js';
import { stripXmlIllegal } from './xml-text.js';

/**
 * Plain text from a feed (a title, an author, a category) as published: XML-illegal characters out, the current
 * plain-text rule applied again (plainTextAgain: text stored under an earlier rule, "3 <" or a tag it left open,
 * is published under today's), and a URL written in it without its login (withoutLoginsInText), as in leads: a
 * private feed's title may carry "https://…?token=…" too, and titles go into every format, the page and the
 * "Also reported by" lines.
 */
export function publishedText(text: string): string {
  return withoutLoginsInText(plainTextAgain(stripXmlIllegal(text)));
}
